package io.tasklane.scheduler.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.redis.Keys;
import io.tasklane.task.Json;
import io.tasklane.task.Outcome;
import io.tasklane.task.TaskIds;
import io.tasklane.testing.RedisProbe;
import io.tasklane.testing.RedisExtension;
import io.tasklane.testing.TestRedis;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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
    assertThat(task).containsEntry("status", "queued").containsEntry("type", "echo")
        .containsEntry("payload", "{\"hello\": [1, 2]}").containsEntry("max_attempts", "3")
        .containsEntry("timeout_ms", "0");
    assertThat(redis.probe().lrange(K.backlog())).containsExactly(id);
  }

  @Test
  void takesTheIdAttemptsTimeoutAndAPayloadFile(TestRedis redis) throws IOException {
    Path payload = Files.writeString(dir.resolve("p.json"), "{\"n\": 1}\n");
    Cli.Result r = submit(redis, "sleep", "--id", "job-1", "--max-attempts", "5",
        "--timeout", "1.5s", "--payload-file", payload.toString(), "--json");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(Json.tree(r.out()).get("id").asText()).isEqualTo("job-1");
    assertThat(redis.probe().hgetall(K.task("job-1"))).containsEntry("payload", "{\"n\": 1}")
        .containsEntry("max_attempts", "5").containsEntry("timeout_ms", "1500");
  }

  @Test
  void thePayloadDefaultsToNull(TestRedis redis) {
    Cli.Result r = submit(redis, "noop", "--id", "n");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(redis.probe().hget(K.task("n"), "payload")).isEqualTo("null");
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
    assertThat(redis.probe().hgetall(K.task("b"))).containsEntry("payload", "[1,2.50]")
        .containsEntry("max_attempts", "1").containsEntry("timeout_ms", "900");
    assertThat(redis.probe().hget(K.task("c"), "payload")).isEqualTo("null");
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
    assertThat(redis.probe().hget(K.task("dup"), "payload")).isEqualTo("null");

    Cli.Result skipped = submit(redis, "echo", "--id", "dup", "--payload", "2", "--if-absent");
    assertThat(skipped.code()).isZero();
    assertThat(skipped.out().strip()).isEqualTo("dup");
    assertThat(redis.probe().hget(K.task("dup"), "payload")).isEqualTo("null");

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
  void waitExitsWithOneWhenTheTaskFailed(TestRedis redis) {
    try (FakeWorker w = new FakeWorker(redis, "default", "w1", 4)) {
      CompletableFuture<Cli.Result> run = CompletableFuture.supplyAsync(() ->
          submit(redis, "fail", "--id", "t2", "--wait", "--json"));
      await().atMost(Duration.ofSeconds(10)).until(() -> w.runAll(t ->
          Outcome.failure(t, "boom\nat line 3", 10)) > 0);
      Cli.Result r = run.join();
      assertThat(r.code()).isEqualTo(1);
      JsonNode task = Json.tree(r.out());
      assertThat(task.get("id").asText()).isEqualTo("t2");
      assertThat(task.get("status").asText()).isEqualTo("failed");
      assertThat(task.get("worker").asText()).isEqualTo("w1");
      assertThat(r.errLines()).containsExactly("submit-task: task t2 failed: boom | at line 3");
    }
  }

  @Test
  void waitGivesUpAfterTheWaitTimeout(TestRedis redis) {
    Cli.Result r = submit(redis, "echo", "--id", "slow", "--wait", "--wait-timeout", "300ms");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.errLines()).containsExactly("submit-task: task slow did not finish within 300ms");
    assertThat(redis.probe().hget(K.task("slow"), "status")).isEqualTo("queued");
  }

  @Test
  void waitForABatchGivesUpAfterTheWaitTimeout(TestRedis redis) throws IOException {
    Path file = Files.writeString(dir.resolve("t.jsonl"),
        "{\"type\": \"echo\"}\n{\"type\": \"echo\"}\n");
    Cli.Result r = submit(redis, "--from", file.toString(), "--wait", "--wait-timeout", "300ms");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.outLines().get(1)).matches("finished 0 tasks in \\d+\\.\\d\\ds: "
        + "0 succeeded, 0 failed");
    assertThat(r.errLines())
        .containsExactly("submit-task: 2 of 2 tasks did not finish within 300ms");
  }

  @Test
  void waitForABatchCountsSuccessesAndFailures(TestRedis redis) throws IOException {
    Path file = Files.writeString(dir.resolve("t.jsonl"), """
        {"type": "echo", "id": "ok-1"}
        {"type": "echo", "id": "ok-2"}
        {"type": "fail", "id": "bad-1"}
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
          + "2 succeeded, 1 failed");
      assertThat(r.errLines()).containsExactly("submit-task: task bad-1 failed: nope");
    }
  }
}
