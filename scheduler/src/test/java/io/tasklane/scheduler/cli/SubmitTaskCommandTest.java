package io.tasklane.scheduler.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.dispatch.Strategy;
import io.tasklane.error.RedisUnavailableException;
import io.tasklane.redis.Keys;
import io.tasklane.redis.Redis;
import io.tasklane.redis.RedisUrl;
import io.tasklane.redis.TaskQueue;
import io.tasklane.redis.WorkerInfo;
import io.tasklane.task.Json;
import io.tasklane.task.NewTask;
import io.tasklane.task.Outcome;
import io.tasklane.task.TaskFields;
import io.tasklane.task.TaskIds;
import io.tasklane.task.TaskStatus;
import io.tasklane.testing.QueueFixture;
import io.tasklane.testing.RedisExtension;
import io.tasklane.testing.RedisProbe;
import io.tasklane.testing.RedisServerProcess;
import io.tasklane.testing.TestRedis;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(RedisExtension.class)
class SubmitTaskCommandTest {
  private static final Keys K = Keys.of("default");

  @TempDir Path dir;

  private static Cli.Result submit(TestRedis redis, String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "--redis";
    all[1] = redis.url();
    System.arraycopy(args, 0, all, 2, args.length);
    return Cli.run(new SubmitTaskCommand(), all);
  }

  private static void assertBadInput(Cli.Result r, RedisProbe probe, String... fragments) {
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.err()).startsWith("submit-task: ").contains(fragments).doesNotContain("\tat ");
    assertThat(probe.dbsize()).isZero();
  }

  @Test
  void printsTheIdOfAQueuedTask(TestRedis redis) {
    Cli.Result r = submit(redis, "echo", "--payload", "{\"hello\": [1, 2]}");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).isEmpty();
    String id = r.out().strip();
    assertThat(TaskIds.isValid(id)).isTrue();
    Map<String, String> task = redis.probe().hgetall(K.task(id));
    // the default attempts and timeout are not stored
    assertThat(task).containsEntry(TaskFields.STATUS, TaskStatus.QUEUED.code())
        .containsEntry(TaskFields.TYPE, "echo")
        .containsEntry(TaskFields.PAYLOAD, "{\"hello\": [1, 2]}")
        .doesNotContainKeys(TaskFields.MAX_ATTEMPTS, TaskFields.TIMEOUT_MS);
    assertThat(redis.probe().lrange(K.backlog())).containsExactly(id);
  }

  @Test
  void takesTheIdAttemptsTimeoutAndAPayloadFile(TestRedis redis) throws IOException {
    Path payload = Files.writeString(dir.resolve("p.json"), "{\"n\": 1}\n");
    Cli.Result r = submit(redis, "sleep", "--id", "job-1", "--max-attempts", "5",
        "--timeout", "1.5s", "--payload-file", payload.toString(), "--json");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(Json.tree(r.out()).get("id").asText()).isEqualTo("job-1");
    assertThat(redis.probe().hgetall(K.task("job-1")))
        .containsEntry(TaskFields.PAYLOAD, "{\"n\": 1}")
        .containsEntry(TaskFields.MAX_ATTEMPTS, "5").containsEntry(TaskFields.TIMEOUT_MS, "1500");
  }

  @Test
  void thePayloadDefaultsToNull(TestRedis redis) {
    Cli.Result r = submit(redis, "noop", "--id", "n");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(redis.probe().hget(K.task("n"), TaskFields.PAYLOAD)).isEqualTo("null");
  }

  @Test
  void badInputsExitWithTwoAndOneLineAndWriteNothing(TestRedis redis) throws IOException {
    RedisProbe probe = redis.probe();
    assertBadInput(submit(redis, "echo", "--payload", "{\"a\": }"), probe, "not valid JSON",
        "line 1, column 7");
    assertBadInput(submit(redis, "echo", "--id", "no spaces"), probe, "invalid task id");
    assertBadInput(submit(redis, "bad type"), probe, "invalid task type");
    assertBadInput(submit(redis, "echo", "--max-attempts", "0"), probe, "--max-attempts 0");
    assertBadInput(submit(redis, "echo", "--timeout", "soon"), probe, "invalid duration 'soon'");
    assertBadInput(submit(redis, "echo", "--payload", "1", "--payload-file", "x"), probe,
        "--payload", "not both");
    assertBadInput(submit(redis, "echo", "--payload-file", dir.resolve("nope.json").toString()),
        probe, "nope.json", "no such file");
    assertBadInput(submit(redis), probe, "missing TYPE");
    Path tasks = Files.writeString(dir.resolve("t.jsonl"), "{\"type\":\"echo\"}\n");
    assertBadInput(submit(redis, "echo", "--from", tasks.toString()), probe, "not both");
    assertBadInput(submit(redis, "--from", tasks.toString(), "--id", "x"), probe, "--id");
    assertBadInput(submit(redis, "echo", "--wait-timeout", "1s"), probe, "needs --wait");
    assertBadInput(submit(redis, "echo", "--queue", "no spaces"), probe, "invalid queue name");
  }

  @Test
  void aBadLineAmongGoodOnesSubmitsNothing(TestRedis redis) throws IOException {
    Path file = Files.writeString(dir.resolve("tasks.jsonl"), """
        {"type": "echo", "payload": 1}
        {"type": "echo", "payload": oops}
        {"type": "echo", "payload": 3}
        """);
    Cli.Result r = submit(redis, "--from", file.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.errLines()).hasSize(2);
    assertThat(r.errLines().get(0)).startsWith("line 2: invalid JSON: ");
    assertThat(r.errLines().get(1))
        .isEqualTo("submit-task: 1 invalid line in " + file + "; nothing was submitted");
    assertThat(redis.probe().dbsize()).isZero();
  }

  @Test
  void showsTwentyInvalidLinesThenCountsTheRest(TestRedis redis) throws IOException {
    Path file = Files.writeString(dir.resolve("tasks.jsonl"), "{\"type\":\"echo\",\"id\":\"a\"}\n"
        + "{\"type\":\"echo\",\"id\":\"a\"}\n".repeat(25));
    Cli.Result r = submit(redis, "--from", file.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.errLines()).hasSize(22);
    assertThat(r.errLines().get(0)).isEqualTo("line 2: task id 'a' is used on line 1 already");
    assertThat(r.errLines().get(20)).isEqualTo("and 5 more");
    assertThat(r.errLines().get(21)).contains("25 invalid lines", "nothing was submitted");
    assertThat(redis.probe().dbsize()).isZero();
  }

  @Test
  void submitsEveryLineOfAFile(TestRedis redis) throws IOException {
    Path file = Files.writeString(dir.resolve("tasks.jsonl"), """
        {"type": "echo", "payload": {"x": 1}, "id": "a"}

        {"type": "echo", "payload": [1, 2.50], "id": "b", "max_attempts": 1, "timeout_ms": 900}
        {"type": "noop", "id": "c"}
        """);
    Cli.Result r = submit(redis, "--from", file.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out()).matches("submitted 3 tasks in \\d+\\.\\d\\ds \\(\\d+ tasks/s\\)\n");
    assertThat(redis.probe().lrange(K.backlog())).containsExactly("a", "b", "c");
    assertThat(redis.probe().hgetall(K.task("b"))).containsEntry(TaskFields.PAYLOAD, "[1,2.50]")
        .containsEntry(TaskFields.MAX_ATTEMPTS, "1").containsEntry(TaskFields.TIMEOUT_MS, "900");
    assertThat(redis.probe().hget(K.task("c"), TaskFields.PAYLOAD)).isEqualTo("null");
  }

  @Test
  void readsTasksFromStdin(TestRedis redis) {
    Cli.Result r = Cli.runWithStdin("{\"type\":\"echo\",\"id\":\"s1\"}\n{\"type\":\"echo\"}\n",
        new SubmitTaskCommand(), "--redis", redis.url(), "--from", "-", "--json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode summary = Json.tree(r.out());
    assertThat(summary.get("submitted").asInt()).isEqualTo(2);
    assertThat(summary.get("skipped").asInt()).isZero();
    assertThat(redis.probe().llen(K.backlog())).isEqualTo(2);
    assertThat(redis.probe().exists(K.task("s1"))).isTrue();
  }

  @Test
  void anExistingIdFailsUnlessIfAbsent(TestRedis redis) throws IOException {
    assertThat(submit(redis, "echo", "--id", "dup").code()).isZero();
    Cli.Result again = submit(redis, "echo", "--id", "dup", "--payload", "2");
    assertThat(again.code()).isEqualTo(2);
    assertThat(again.err()).contains("'dup' already exists");
    assertThat(redis.probe().hget(K.task("dup"), TaskFields.PAYLOAD)).isEqualTo("null");

    Cli.Result skipped = submit(redis, "echo", "--id", "dup", "--payload", "2", "--if-absent");
    assertThat(skipped.code()).isZero();
    assertThat(skipped.out().strip()).isEqualTo("dup");
    assertThat(redis.probe().hget(K.task("dup"), TaskFields.PAYLOAD)).isEqualTo("null");

    Path file = Files.writeString(dir.resolve("t.jsonl"),
        "{\"type\":\"echo\",\"id\":\"new\"}\n{\"type\":\"echo\",\"id\":\"dup\"}\n");
    Cli.Result batch = submit(redis, "--from", file.toString());
    assertThat(batch.code()).isEqualTo(2);
    assertThat(batch.err()).contains("'dup' exists", "nothing was submitted", "--if-absent");
    assertThat(redis.probe().exists(K.task("new"))).isFalse();
    Cli.Result batchSkipping = submit(redis, "--from", file.toString(), "--if-absent");
    assertThat(batchSkipping.code()).isZero();
    assertThat(batchSkipping.out()).startsWith("submitted 1 task in ")
        .contains("skipped 1 whose IDs exist already");
  }

  @Test
  void anUnreachableRedisExitsWithThreeNamingTheUrlWithoutItsPassword(TestRedis redis) {
    Cli.Result r = Cli.run(new SubmitTaskCommand(), "--redis", "redis://user:secret@127.0.0.1:1",
        "echo");
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.out()).isEmpty();
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.err()).startsWith("submit-task: ").contains("redis://user:***@127.0.0.1:1")
        .doesNotContain("secret");
  }

  @Test
  void waitPrintsTheResultOfASucceededTask(TestRedis redis) {
    try (FakeWorker w = new FakeWorker(redis, "default", "w1", 4)) {
      CompletableFuture<Cli.Result> run = CompletableFuture.supplyAsync(() ->
          submit(redis, "echo", "--id", "t1", "--payload", "{\"v\":1}", "--wait"));
      await().atMost(Duration.ofSeconds(10)).until(() -> w.runAll(t ->
          Outcome.success(t, "{\"echo\":" + t.payload() + "}", 1500)) > 0);
      Cli.Result r = run.join();
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.out()).isEqualTo("{\"echo\":{\"v\":1}}\n");
    }
  }

  @Test
  void waitExitsWithOneWhenTheTaskEndsDead(TestRedis redis) {
    try (FakeWorker w = new FakeWorker(redis, "default", "w1", 4)) {
      CompletableFuture<Cli.Result> run = CompletableFuture.supplyAsync(() ->
          submit(redis, "fail", "--id", "t2", "--max-attempts", "1", "--wait", "--json"));
      await().atMost(Duration.ofSeconds(10)).until(() -> w.runAll(t ->
          Outcome.failure(t, "boom\nat line 3", 10)) > 0);
      Cli.Result r = run.join();
      assertThat(r.code()).isEqualTo(1);
      JsonNode task = Json.tree(r.out());
      assertThat(task.get("id").asText()).isEqualTo("t2");
      assertThat(task.get("status").asText()).isEqualTo("dead");
      assertThat(task.get("error").asText()).isEqualTo("boom\nat line 3");
      assertThat(r.errLines())
          .containsExactly("submit-task: task t2 dead after 1 attempt: boom | at line 3");
      assertThat(redis.probe().lrange(K.dead())).containsExactly("t2");
    }
  }

  @Test
  void waitGoesOnWhileTheTaskIsRetrying(TestRedis redis) {
    try (FakeWorker w = new FakeWorker(redis, "default", "w1", 4)) {
      w.queue.setRetryBackoff(Duration.ofMillis(1), Duration.ofMillis(1));
      CompletableFuture<Cli.Result> run = CompletableFuture.supplyAsync(() ->
          submit(redis, "echo", "--id", "t3", "--wait"));
      await().atMost(Duration.ofSeconds(10)).until(() -> w.runAll(t ->
          Outcome.failure(t, "try again", 10)) > 0);
      assertThat(redis.probe().hget(K.task("t3"), TaskFields.STATUS))
          .isEqualTo(TaskStatus.RETRYING.code());
      await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
          .until(() -> !run.isDone());
      await().atMost(Duration.ofSeconds(10)).until(() -> {
        w.queue.promote(10);
        return w.runAll(t -> Outcome.success(t, "{\"attempt\":" + t.attempt() + "}", 10)) > 0;
      });
      Cli.Result r = run.join();
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.out()).isEqualTo("{\"attempt\":2}\n");
    }
  }

  @Test
  void waitGivesUpAfterTheWaitTimeout(TestRedis redis) {
    Cli.Result r = submit(redis, "echo", "--id", "slow", "--wait", "--wait-timeout", "300ms");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.errLines()).containsExactly("submit-task: task slow did not finish within 300ms");
    assertThat(redis.probe().hget(K.task("slow"), TaskFields.STATUS))
        .isEqualTo(TaskStatus.QUEUED.code());
  }

  @Test
  void waitForABatchGivesUpAfterTheWaitTimeout(TestRedis redis) throws IOException {
    Path file = Files.writeString(dir.resolve("t.jsonl"),
        "{\"type\": \"echo\"}\n{\"type\": \"echo\"}\n");
    Cli.Result r = submit(redis, "--from", file.toString(), "--wait", "--wait-timeout", "300ms");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.outLines().get(1)).matches("finished 0 tasks in \\d+\\.\\d\\ds: "
        + "0 succeeded, 0 dead");
    assertThat(r.errLines())
        .containsExactly("submit-task: 2 of 2 tasks did not finish within 300ms");
  }

  @Test
  void waitForABatchCountsSuccessesAndDeadTasks(TestRedis redis) throws IOException {
    Path file = Files.writeString(dir.resolve("t.jsonl"), """
        {"type": "echo", "id": "ok-1"}
        {"type": "echo", "id": "ok-2"}
        {"type": "fail", "id": "bad-1", "max_attempts": 1}
        """);
    try (FakeWorker w = new FakeWorker(redis, "default", "w1", 10)) {
      CompletableFuture<Cli.Result> run = CompletableFuture.supplyAsync(() ->
          submit(redis, "--from", file.toString(), "--wait", "--wait-timeout", "20s"));
      int[] done = {0};
      await().atMost(Duration.ofSeconds(10)).until(() -> {
        done[0] += w.runAll(t -> t.type().equals("fail") ? Outcome.failure(t, "nope", 5)
            : Outcome.success(t, "true", 5));
        return done[0] == 3;
      });
      Cli.Result r = run.join();
      assertThat(r.code()).isEqualTo(1);
      assertThat(r.outLines()).hasSize(2);
      assertThat(r.outLines().get(0)).startsWith("submitted 3 tasks in ");
      assertThat(r.outLines().get(1)).matches("finished 3 tasks in \\d+\\.\\d\\ds: "
          + "2 succeeded, 1 dead");
      assertThat(r.errLines())
          .containsExactly("submit-task: task bad-1 dead after 1 attempt: nope");
    }
  }
  @Test
  void maxAttemptsOutsideOneToAThousandIsBadInput(TestRedis redis) {
    assertBadInput(submit(redis, "echo", "--max-attempts", "1001"), redis.probe(),
        "invalid --max-attempts 1001", "1 to 1000");
    Cli.Result ok = submit(redis, "echo", "--id", "m", "--max-attempts", "1000");
    assertThat(ok.code()).as(ok.err()).isZero();
    assertThat(redis.probe().hget(K.task("m"), TaskFields.MAX_ATTEMPTS)).isEqualTo("1000");
  }

  @Test
  void aPayloadOverTheCapIsBadInput(TestRedis redis) throws IOException {
    String big = "\"" + "x".repeat(NewTask.DEFAULT_MAX_PAYLOAD_BYTES) + "\"";
    assertBadInput(submit(redis, "echo", "--id", "big", "--payload", big), redis.probe(),
        "payload of task 'big' is 1048578 bytes, over the cap of 1048576 bytes");
    assertBadInput(submit(redis, "echo", "--id", "small", "--payload", "[1,2,3]",
        "--max-payload-bytes", "6"), redis.probe(), "is 7 bytes, over the cap of 6 bytes");
    assertBadInput(submit(redis, "echo", "--max-payload-bytes", "0"), redis.probe(),
        "invalid --max-payload-bytes 0");
    Path huge = Files.writeString(dir.resolve("huge.json"), "\"" + "y".repeat(200_000) + "\"");
    assertBadInput(submit(redis, "echo", "--payload-file", huge.toString(),
        "--max-payload-bytes", "1000"), redis.probe(), "payload file " + huge,
        "over the cap of 1000 bytes");
    Path lines = Files.writeString(dir.resolve("t.jsonl"),
        "{\"type\":\"echo\",\"payload\":\"" + "z".repeat(100) + "\"}\n");
    Cli.Result r = submit(redis, "--from", lines.toString(), "--max-payload-bytes", "50");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.errLines().get(0)).startsWith("line 1: payload of task ")
        .contains("is 102 bytes, over the cap of 50 bytes");
    assertThat(redis.probe().dbsize()).isZero();

    Cli.Result raised = submit(redis, "echo", "--id", "big", "--payload", big,
        "--max-payload-bytes", "2000000");
    assertThat(raised.code()).as(raised.err()).isZero();
    assertThat(redis.probe().hget(K.task("big"), TaskFields.PAYLOAD)).hasSize(big.length());
  }

  @Test
  void aTypeNoWorkerHandlesIsRejectedUnlessAnyType(TestRedis redis) throws IOException {
    try (Redis r = redis.connect()) {
      new TaskQueue(r, "default", Clock.systemUTC()).register(
          new WorkerInfo("w-echo", "h", 1, 2, 1, "test"), Duration.ofSeconds(30), List.of("echo"));
    }
    Cli.Result rejected = submit(redis, "resize", "--id", "r1");
    assertThat(rejected.code()).isEqualTo(2);
    assertThat(rejected.out()).isEmpty();
    assertThat(rejected.errLines()).containsExactly("submit-task: unknown task type 'resize': no "
        + "worker of queue 'default' has a handler for it; start a worker that has one, or "
        + "allow any type (submit-task --any-type)");
    assertThat(redis.probe().exists(K.task("r1"))).isFalse();

    Path file = Files.writeString(dir.resolve("t.jsonl"),
        "{\"type\":\"echo\",\"id\":\"e1\"}\n{\"type\":\"resize\",\"id\":\"r2\"}\n");
    Cli.Result batch = submit(redis, "--from", file.toString());
    assertThat(batch.code()).isEqualTo(2);
    assertThat(batch.err()).contains("unknown task type 'resize'");
    assertThat(redis.probe().exists(K.task("e1"))).isFalse();
    assertThat(redis.probe().exists(K.task("r2"))).isFalse();

    Cli.Result known = submit(redis, "echo", "--id", "e2");
    assertThat(known.code()).as(known.err()).isZero();
    assertThat(redis.probe().hget(K.task("e2"), TaskFields.WORKER)).isEqualTo("w-echo");

    Cli.Result any = submit(redis, "resize", "--id", "r1", "--any-type");
    assertThat(any.code()).as(any.err()).isZero();
    assertThat(any.out().strip()).isEqualTo("r1");
    assertThat(redis.probe().hget(K.task("r1"), TaskFields.TYPE)).isEqualTo("resize");
  }

  @Test
  void storesTheAffinityKey(TestRedis redis) throws IOException {
    Cli.Result r = submit(redis, "echo", "--id", "k1", "--key", "customer-7");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(redis.probe().hget(K.task("k1"), TaskFields.KEY)).isEqualTo("customer-7");
    assertThat(submit(redis, "echo", "--id", "k2").code()).isZero();
    assertThat(redis.probe().hgetall(K.task("k2"))).doesNotContainKey(TaskFields.KEY);

    Path file = Files.writeString(dir.resolve("k.jsonl"), "{\"type\":\"echo\",\"id\":\"f1\","
        + "\"key\":\"order-1\"}\n{\"type\":\"echo\",\"id\":\"f2\"}\n");
    Cli.Result batch = submit(redis, "--from", file.toString(), "--key", "fallback");
    assertThat(batch.code()).as(batch.err()).isZero();
    assertThat(redis.probe().hget(K.task("f1"), TaskFields.KEY)).isEqualTo("order-1");
    assertThat(redis.probe().hget(K.task("f2"), TaskFields.KEY)).isEqualTo("fallback");
  }

  @Test
  void anAffinityKeyOfNoneOrOverTwoHundredFiftySixCharactersIsBadInput(TestRedis redis) {
    assertBadInput(submit(redis, "echo", "--key", ""), redis.probe(), "invalid affinity key");
    assertBadInput(submit(redis, "echo", "--key", "k".repeat(257)), redis.probe(),
        "invalid affinity key", "1 to 256 characters");
    assertThat(submit(redis, "echo", "--key", "k".repeat(256)).code()).isZero();
  }

  @Test
  void underKeyAffinityTasksWithTheSameKeyGoToTheSameWorker(TestRedis redis) throws IOException {
    try (QueueFixture f = new QueueFixture(redis, "default")) {
      f.queue.setStrategy(Strategy.KEY_AFFINITY);
      f.worker("w1", 10);
      f.worker("w2", 10);
      for (String id : List.of("a1", "a2")) {
        Cli.Result r = submit(redis, "echo", "--id", id, "--key", "customer-7");
        assertThat(r.code()).as(r.err()).isZero();
      }
      assertThat(f.workerOf("a1")).isIn("w1", "w2");
      assertThat(f.workerOf("a2")).isEqualTo(f.workerOf("a1"));
    }
    // the same from a file, in one submit call (on a queue of its own: bounded loads count
    // every task in flight)
    try (QueueFixture f = new QueueFixture(redis, "keyed")) {
      f.queue.setStrategy(Strategy.KEY_AFFINITY);
      f.worker("w1", 10);
      f.worker("w2", 10);
      Path file = Files.writeString(dir.resolve("keyed.jsonl"),
          "{\"type\":\"echo\",\"id\":\"b1\",\"key\":\"order-9\"}\n"
          + "{\"type\":\"echo\",\"id\":\"b2\",\"key\":\"order-9\"}\n");
      Cli.Result batch = submit(redis, "--queue", "keyed", "--from", file.toString());
      assertThat(batch.code()).as(batch.err()).isZero();
      assertThat(f.workerOf("b1")).isIn("w1", "w2");
      assertThat(f.workerOf("b2")).isEqualTo(f.workerOf("b1"));
    }
  }

  @Test
  void helpSaysWhatHappensToAnExistingId(TestRedis redis) {
    Cli.Result r = submit(redis, "--help");
    assertThat(r.code()).isZero();
    String help = r.out().replaceAll("\\s+", " ");
    assertThat(help).contains("--if-absent", "keep it unchanged and print its ID",
        "Without it, an existing ID is rejected with exit code 2 and nothing is written",
        "--any-type", "--max-payload-bytes=N", "(default: 1048576, 1 MiB)");
  }

  @Test
  void aRedisOutOfMemoryExitsWithThreeAndWritesNothing() throws IOException {
    try (RedisServerProcess server = RedisServerProcess.start("--maxmemory", "2mb",
        "--maxmemory-policy", "noeviction");
        Redis r = Redis.connect(RedisUrl.parse(server.url()), Duration.ofSeconds(3),
            Duration.ofSeconds(10), "test")) {
      TaskQueue queue = new TaskQueue(r, "default", Clock.systemUTC());
      int filled = fill(queue);
      assertThat(filled).isPositive();
      try (RedisProbe probe = new RedisProbe(server.url())) {
        // Redis frees client buffers now and then: the limit goes well below what it holds, so
        // it stays out of memory for the submit below whatever it frees meanwhile.
        Matcher used = Pattern.compile("used_memory:(\\d+)").matcher(probe.info("memory"));
        assertThat(used.find()).isTrue();
        probe.configSet("maxmemory", Long.toString(Long.parseLong(used.group(1)) / 2));
      }

      Cli.Result res = Cli.run(new SubmitTaskCommand(), "--redis", server.url(), "echo", "--id",
          "after-oom", "--payload", "{\"n\":1}");
      assertThat(res.code()).isEqualTo(3);
      assertThat(res.out()).isEmpty();
      assertThat(res.errLines()).containsExactly("submit-task: Redis at " + server.url()
          + " is out of memory (maxmemory reached): nothing was written; free memory or raise "
          + "maxmemory");
      assertThat(queue.task("after-oom")).isNull();
      assertThat(queue.task("fill-" + filled)).isNull();
    }
  }

  /**
   * Submits tasks until Redis refuses even a tiny one for lack of memory (a big one may be
   * refused only because its own arguments took the room); returns how many were written.
   */
  private static int fill(TaskQueue queue) {
    String big = "\"" + "f".repeat(8_000) + "\"";
    int n = 0;
    while (n < 10_000) {
      try {
        queue.submit(List.of(NewTask.of("echo", big).withId("fill-" + n)), false);
        n++;
      } catch (RedisUnavailableException full) {
        assertThat(full.getMessage()).contains("out of memory");
        try {
          queue.submit(List.of(NewTask.of("echo", "1").withId("fill-" + n)), false);
          n++;
        } catch (RedisUnavailableException stillFull) {
          return n;
        }
      }
    }
    throw new AssertionError("Redis took " + n + " tasks without running out of memory");
  }
}
