package io.tasklane.scheduler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.task.Json;
import io.tasklane.task.NewTask;
import io.tasklane.task.Outcome;
import io.tasklane.task.TaskInfo;
import io.tasklane.task.TaskStatus;
import io.tasklane.testing.MutableClock;
import io.tasklane.testing.RedisExtension;
import io.tasklane.testing.TestRedis;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisExtension.class)
class TaskStatusCommandTest {

  private static Cli.Result status(TestRedis redis, String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "--redis";
    all[1] = redis.url();
    System.arraycopy(args, 0, all, 2, args.length);
    return Cli.run(new TaskStatusCommand(), all);
  }

  @Test
  void showsAQueuedAndAFinishedTaskAndReportsAnUnknownOne(TestRedis redis) {
    try (FakeWorker w = new FakeWorker(redis, "default", "w1", 2)) {
      w.queue.submit(List.of(NewTask.of("echo", "{\"a\":1}").withId("done")), false);
      w.runAll(t -> Outcome.success(t, "{\"a\":1}", 12_345));
      w.queue.submit(List.of(NewTask.of("echo", "2").withId("held")), false);
      w.queue.submit(List.of(NewTask.of("echo", "3").withId("waiting")), false);
      w.queue.submit(List.of(NewTask.of("echo", "4").withId("queued")), false);

      Cli.Result r = status(redis, "done", "nope", "queued");
      assertThat(r.code()).isEqualTo(2);
      assertThat(r.errLines()).containsExactly("nope: no such task");
      String[] blocks = r.out().split("\n\n");
      assertThat(blocks).hasSize(2);
      assertThat(blocks[0]).contains("id         done\n", "status     succeeded\n",
          "type       echo\n", "worker     w1\n", "attempt    1/3\n", "run time   12.3 ms\n",
          "result     {\"a\":1}");
      assertThat(blocks[0]).containsPattern("finished   \\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z\n");
      assertThat(blocks[1]).contains("id         queued\n", "status     queued\n",
          "worker     -\n", "attempt    0/3\n", "started    -\n", "run time   -\n",
          "result     -");
    }
  }

  @Test
  void jsonIsAnArrayOfTheTasksFound(TestRedis redis) {
    try (FakeWorker w = new FakeWorker(redis, "default", "w1", 1)) {
      w.queue.submit(List.of(NewTask.of("fail", "null").withId("f").withMaxAttempts(1)), false);
      w.runAll(t -> Outcome.failure(t, "boom", 5));
      Cli.Result r = status(redis, "f", "--json");
      assertThat(r.code()).as(r.err()).isZero();
      JsonNode list = Json.tree(r.out());
      assertThat(list.isArray()).isTrue();
      assertThat(list).hasSize(1);
      assertThat(list.get(0).get("status").asText()).isEqualTo("dead");
      assertThat(list.get(0).get("error").asText()).isEqualTo("boom");
      assertThat(list.get(0).get("run_us").asLong()).isEqualTo(5);
      assertThat(list.get(0).get("retry_at").isNull()).isTrue();
    }
  }

  @Test
  void aRetryingTaskShowsWhenItIsDueAndItsLastError(TestRedis redis) {
    MutableClock clock = MutableClock.at(System.currentTimeMillis());
    try (FakeWorker w = new FakeWorker(redis, "default", "w1", 1)) {
      w.queue.setRetryBackoff(Duration.ofMinutes(10), Duration.ofMinutes(10));
      w.queue.submit(List.of(NewTask.of("fail", "null").withId("r")), false);
      w.runAll(t -> Outcome.failure(t, "disk full\non /tmp", 2_500));
      TaskInfo stored = w.queue.task("r");
      assertThat(stored.status()).isEqualTo(TaskStatus.RETRYING);
      clock.set(stored.retryAt() - 90_000);

      Cli.Result r = Cli.run(new TaskStatusCommand(clock), "--redis", redis.url(), "r");
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.out()).contains("status     retrying\n", "worker     -\n",
          "attempt    1/3\n", "finished   -\n", "run time   2.50 ms (the failed attempt)\n",
          "retry at   " + Instant.ofEpochMilli(stored.retryAt()) + " (in 90.0 s)\n",
          "last error disk full\n           on /tmp\n");
      assertThat(r.out()).doesNotContain("result");

      JsonNode json = Json.tree(status(redis, "r", "--json").out()).get(0);
      assertThat(json.get("status").asText()).isEqualTo("retrying");
      assertThat(json.get("retry_at").asLong()).isEqualTo(stored.retryAt());
      assertThat(json.get("error").asText()).isEqualTo("disk full\non /tmp");
    }
  }

  @Test
  void aDeadTaskShowsItsReason(TestRedis redis) {
    try (FakeWorker w = new FakeWorker(redis, "default", "w1", 1)) {
      w.queue.submit(List.of(NewTask.of("resize", "null").withId("d")), false);
      w.runAll(t -> Outcome.fatal(t, "no handler for type 'resize'", 0));
      Cli.Result r = status(redis, "d");
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.out()).contains("status     dead\n", "attempt    1/3\n",
          "reason     no handler for type 'resize'\n");
      assertThat(r.out()).containsPattern("finished   \\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z\n");
      assertThat(r.out()).doesNotContain("result", "retry at");
    }
  }

  @Test
  void anInvalidIdIsBadInput(TestRedis redis) {
    Cli.Result r = status(redis, "ok", "not valid");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.err()).contains("invalid task id 'not valid'");
  }
}
