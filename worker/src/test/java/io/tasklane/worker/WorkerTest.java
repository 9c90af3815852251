package io.tasklane.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tasklane.client.TasklaneClient;
import io.tasklane.error.InvalidInputException;
import io.tasklane.redis.Keys;
import io.tasklane.task.NewTask;
import io.tasklane.task.TaskInfo;
import io.tasklane.testing.RedisExtension;
import io.tasklane.testing.RedisProbe;
import io.tasklane.testing.TestRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A worker in this JVM running tasks from a real Redis, asserting the raw task hashes. */
@ExtendWith(RedisExtension.class)
class WorkerTest {
  private static final Keys KEYS = Keys.of(TestWorkers.QUEUE);

  @Test
  void completesManyEchoTasksWithAboutOneScriptCallEach(TestRedis redis) throws Exception {
    Worker worker = TestWorkers.start(redis, TestWorkers.config("w1", 4).build());
    try (TasklaneClient client = TasklaneClient.builder().redis(redis.url())
        .queue(TestWorkers.QUEUE).build()) {
      List<NewTask> tasks = new ArrayList<>();
      for (int i = 0; i < 200; i++) tasks.add(NewTask.of("echo", "{\"i\":" + i + ", \"s\":\"é\"}"));
      long scriptsBefore = scriptCalls(redis.probe());

      client.submitAll(tasks, false, null);
      client.awaitAll(tasks.stream().map(NewTask::id).toList(), Duration.ofSeconds(20), null);

      long scripts = scriptCalls(redis.probe()) - scriptsBefore;
      for (NewTask t : tasks) {
        Map<String, String> h = redis.probe().hgetall(KEYS.task(t.id()));
        assertThat(h).containsEntry("status", "succeeded").containsEntry("worker", "w1")
            .containsEntry("result", t.payload()).containsEntry("attempt", "1");
      }
      // At most one script call per task: outcomes are batched, and claims ride along.
      assertThat(scripts).isLessThanOrEqualTo(tasks.size() + 10);
      assertThat(redis.probe().hget(KEYS.stats("w1"), "succeeded")).isEqualTo("200");
      assertThat(redis.probe().zcard(KEYS.active("w1"))).isZero();
      assertThat(redis.probe().hget(KEYS.worker("w1"), "inflight")).isEqualTo("0");
    } finally {
      worker.shutdown(Duration.ofSeconds(5));
    }
  }

  @Test
  void aFailingTaskRecordsItsError(TestRedis redis) throws Exception {
    Worker worker = TestWorkers.start(redis, TestWorkers.config("w1", 2).build());
    try (TasklaneClient client = TasklaneClient.builder().redis(redis.url())
        .queue(TestWorkers.QUEUE).build()) {
      String failing = client.submit(NewTask.of("fail", "{\"message\":\"disk full\"}"));
      String badPayload = client.submit(NewTask.of("sleep", "{\"ms\":-3}"));
      String unknown = client.submit(NewTask.of("resize-image", "{}"));

      TaskInfo f = client.await(failing, Duration.ofSeconds(10));
      assertThat(f.status().wire()).isEqualTo("failed");
      assertThat(f.error()).isEqualTo("IntendedFailure: disk full");
      assertThat(f.worker()).isEqualTo("w1");
      assertThat(redis.probe().hgetall(KEYS.task(failing))).containsEntry("status", "failed")
          .containsEntry("error", "IntendedFailure: disk full").doesNotContainKey("result");

      assertThat(client.await(badPayload, Duration.ofSeconds(10)).error())
          .startsWith("BadPayloadException: sleep payload field \"ms\" must be a whole number");
      assertThat(client.await(unknown, Duration.ofSeconds(10)).error())
          .isEqualTo("no handler for task type 'resize-image' on worker w1");
      assertThat(redis.probe().hget(KEYS.stats("w1"), "failed")).isEqualTo("3");
    } finally {
      worker.shutdown(Duration.ofSeconds(5));
    }
  }

  @Test
  void aTaskPastItsTimeoutFailsAndFreesItsSlot(TestRedis redis) throws Exception {
    Worker worker = TestWorkers.start(redis, TestWorkers.config("w1", 1).build());
    try (TasklaneClient client = TasklaneClient.builder().redis(redis.url())
        .queue(TestWorkers.QUEUE).build()) {
      String slow = client.submit(NewTask.of("sleep", "{\"ms\":60000}").withTimeoutMs(100));
      String next = client.submit(NewTask.of("echo", "\"next\""));

      assertThat(client.await(slow, Duration.ofSeconds(10)).error())
          .isEqualTo("timed out after 100 ms");
      assertThat(client.await(next, Duration.ofSeconds(10)).result()).isEqualTo("\"next\"");
    } finally {
      worker.shutdown(Duration.ofSeconds(5));
    }
  }

  @Test
  void registersItselfAndRefusesAnIdInUse(TestRedis redis) {
    Worker worker = TestWorkers.start(redis, TestWorkers.config("w1", 3).weight(2).build());
    try {
      assertThat(redis.probe().hgetall(KEYS.worker("w1"))).containsEntry("concurrency", "3")
          .containsEntry("weight", "2").containsEntry("state", "active")
          .containsEntry("pid", Long.toString(ProcessHandle.current().pid()))
          .containsKey("version");
      assertThat(redis.probe().exists(KEYS.alive("w1"))).isTrue();

      assertThatThrownBy(() -> TestWorkers.start(redis, TestWorkers.config("w1", 1).build()))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("in use by a live worker");
    } finally {
      worker.shutdown(Duration.ofSeconds(5));
    }
    assertThat(redis.probe().hget(KEYS.worker("w1"), "state")).isEqualTo("gone");
    assertThat(redis.probe().exists(KEYS.alive("w1"))).isFalse();
  }

  private static long scriptCalls(RedisProbe probe) {
    long n = 0;
    Matcher m = Pattern.compile("cmdstat_(?:evalsha|eval):calls=(\\d+)")
        .matcher(probe.info("commandstats"));
    while (m.find()) n += Long.parseLong(m.group(1));
    return n;
  }
}
