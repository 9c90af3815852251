package io.tasklane.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.tasklane.task.ClaimedTask;
import io.tasklane.task.NewTask;
import io.tasklane.task.Outcome;
import io.tasklane.task.TaskFields;
import io.tasklane.task.TaskInfo;
import io.tasklane.task.TaskStatus;
import io.tasklane.testing.QueueFixture;
import io.tasklane.testing.RedisExtension;
import io.tasklane.testing.TestRedis;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A guard on what a finished task keeps in Redis, where finished tasks stay: the fields of a
 * no-op task like the benchmark's (a 26-character ID, worker "bench-w1"), its encoding and its
 * size. scripts/bench reports the memory per finished task kept; raise a limit only on purpose.
 */
@ExtendWith(RedisExtension.class)
class TaskFootprintTest {

  @Test
  void aFinishedNoOpTaskKeepsTenShortFieldsInAListpack(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis, "bench")) {
      f.worker("bench-w1", 50);
      NewTask task = NewTask.of("noop", "{\"i\":12345}");
      long submitted = f.clock.millis();
      f.queue.submit(List.of(task), false);
      f.clock.advance(Duration.ofMillis(3));
      ClaimedTask c = f.queue.claim("bench-w1", 1).get(0);
      f.clock.advance(Duration.ofMillis(40));
      f.queue.complete("bench-w1", List.of(Outcome.success(c, "null", 35_000)), 0);

      String key = f.keys.task(task.id());
      Map<String, String> h = f.probe.hgetall(key);
      // no max_attempts or timeout (defaults), no result (null); times after submission small
      assertThat(h).containsOnly(Map.entry(TaskFields.TYPE, "noop"),
          Map.entry(TaskFields.PAYLOAD, "{\"i\":12345}"),
          Map.entry(TaskFields.STATUS, TaskStatus.SUCCEEDED.code()),
          Map.entry(TaskFields.ATTEMPT, "1"), Map.entry(TaskFields.WORKER, "bench-w1"),
          Map.entry(TaskFields.SUBMITTED, Long.toString(submitted)),
          Map.entry(TaskFields.ASSIGNED, Long.toString(submitted)),
          Map.entry(TaskFields.STARTED, "3"), Map.entry(TaskFields.FINISHED, "43"),
          Map.entry(TaskFields.RUN_US, "35000"));
      assertThat(f.probe.objectEncoding(key)).isEqualTo("listpack");
      // measured 200 bytes with Redis 7.0 (312 with the long field names and full times)
      assertThat(f.probe.memoryUsage(key)).as("MEMORY USAGE of the task").isLessThanOrEqualTo(208);

      TaskInfo t = f.queue.task(task.id());
      assertThat(t.status()).isEqualTo(TaskStatus.SUCCEEDED);
      assertThat(t.maxAttempts()).isEqualTo(NewTask.DEFAULT_MAX_ATTEMPTS);
      assertThat(t.result()).isEqualTo("null");
      assertThat(t.started()).isEqualTo(submitted + 3);
      assertThat(t.finished()).isEqualTo(submitted + 43);
    }
  }
}
