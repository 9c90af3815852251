package io.tasklane.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tasklane.client.TasklaneClient;
import io.tasklane.dispatch.Strategy;
import io.tasklane.redis.Keys;
import io.tasklane.task.NewTask;
import io.tasklane.task.TaskFields;
import io.tasklane.task.TaskStatus;
import io.tasklane.testing.RedisExtension;
import io.tasklane.testing.RedisProbe;
import io.tasklane.testing.TestRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Graceful shutdown: running tasks finish, unstarted and unfinished ones go back to the queue. */
@ExtendWith(RedisExtension.class)
class WorkerShutdownTest {
  private static final Keys KEYS = Keys.of(TestWorkers.QUEUE);

  @Test
  void handsBackTheInboxAndFinishesWhatRuns(TestRedis redis) throws Exception {
    try (TasklaneClient client = TasklaneClient.builder().redis(redis.url())
        .queue(TestWorkers.QUEUE).build()) {
      // Round-robin feeds a worker whatever its load, so tasks wait in its inbox.
      client.queue().setStrategy(Strategy.ROUND_ROBIN);
      Worker worker = TestWorkers.start(redis, TestWorkers.config("w1", 1).build());
      List<String> ids = submit(client, 5, "{\"ms\":300}");
      await().atMost(Duration.ofSeconds(5))
          .until(() -> "running".equals(status(redis.probe(), ids.get(0))));

      worker.shutdown(Duration.ofSeconds(5));

      RedisProbe p = redis.probe();
      assertThat(status(p, ids.get(0))).isEqualTo("succeeded");
      for (String id : ids.subList(1, 5)) {
        assertThat(status(p, id)).isEqualTo("queued");
        // never started: no attempt recorded (attempt 0 is not stored)
        assertThat(p.hget(KEYS.task(id), TaskFields.ATTEMPT)).isNull();
      }
      assertThat(p.lrange(KEYS.backlog())).containsExactlyElementsOf(ids.subList(1, 5));
      assertThat(p.exists(KEYS.inbox("w1"))).isFalse();
      assertThat(p.hget(KEYS.worker("w1"), "state")).isEqualTo("gone");

      // None is lost: the next worker runs them all.
      Worker next = TestWorkers.start(redis, TestWorkers.config("w2", 4).build());
      try {
        client.awaitAll(ids, Duration.ofSeconds(10), null);
        for (String id : ids.subList(1, 5)) {
          assertThat(status(p, id)).isEqualTo("succeeded");
          assertThat(p.hget(KEYS.task(id), TaskFields.WORKER)).isEqualTo("w2");
        }
      } finally {
        next.shutdown(Duration.ofSeconds(5));
      }
    }
  }

  @Test
  void releasesTheTasksClaimedAheadWithTheirAttemptUnused(TestRedis redis) throws Exception {
    try (TasklaneClient client = TasklaneClient.builder().redis(redis.url())
        .queue(TestWorkers.QUEUE).build()) {
      Worker worker = TestWorkers.start(redis, TestWorkers.config("w1", 1).prefetch(2).build());
      // short tasks first: tasks are claimed ahead only once the worker knows they are short
      client.awaitAll(submit(client, 3, "{\"ms\":1}"), Duration.ofSeconds(5), null);
      // one submission: the first is placed on the worker, the rest wait in the backlog
      List<NewTask> tasks = new ArrayList<>(List.of(NewTask.of("sleep", "{\"ms\":500}")));
      for (int i = 0; i < 3; i++) tasks.add(NewTask.of("sleep", "{\"ms\":1}"));
      client.submitAll(tasks, false, null);
      List<String> ids = tasks.stream().map(NewTask::id).toList();
      RedisProbe p = redis.probe();
      // one running, two claimed ahead and waiting for its slot, one left in the backlog
      await().atMost(Duration.ofSeconds(5))
          .until(() -> p.zrange(KEYS.active("w1")).size() == 3);
      List<String> ahead = new ArrayList<>(p.zrange(KEYS.active("w1")));
      ahead.remove(ids.get(0));

      worker.shutdown(Duration.ofSeconds(5));

      assertThat(status(p, ids.get(0))).isEqualTo("succeeded");
      for (String id : ahead) {
        assertThat(status(p, id)).isEqualTo("queued");
        assertThat(p.hget(KEYS.task(id), TaskFields.ATTEMPT)).isNull();
      }
      List<String> backlog = p.lrange(KEYS.backlog());
      assertThat(backlog).containsExactlyInAnyOrderElementsOf(ids.subList(1, 4));
      assertThat(backlog.subList(0, 2)).as("released to the head")
          .containsExactlyInAnyOrderElementsOf(ahead);
      assertThat(p.hget(KEYS.stats("w1"), "succeeded")).isEqualTo("4");
    }
  }

  @Test
  void aTaskStillRunningAfterTheGraceGoesToAnotherWorker(TestRedis redis) throws Exception {
    try (TasklaneClient client = TasklaneClient.builder().redis(redis.url())
        .queue(TestWorkers.QUEUE).build()) {
      Worker leaving = TestWorkers.start(redis, TestWorkers.config("w1", 1).build());
      String slow = submit(client, 1, "{\"ms\":60000}").get(0);
      await().atMost(Duration.ofSeconds(5))
          .until(() -> "running".equals(status(redis.probe(), slow)));
      Worker staying = TestWorkers.start(redis, TestWorkers.config("w2", 1)
          .sleepScale(0.001).build());
      try {
        long start = System.nanoTime();
        leaving.shutdown(Duration.ofMillis(200));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        assertThat(redis.probe().hget(KEYS.task(slow), TaskFields.WORKER)).isEqualTo("w2");
        assertThat(status(redis.probe(), slow)).isIn("assigned", "running", "succeeded");
        client.await(slow, Duration.ofSeconds(10));
        assertThat(redis.probe().hgetall(KEYS.task(slow)))
            .containsEntry(TaskFields.STATUS, TaskStatus.SUCCEEDED.code())
            .containsEntry(TaskFields.WORKER, "w2").containsEntry(TaskFields.ATTEMPT, "2");
      } finally {
        staying.shutdown(Duration.ofSeconds(5));
      }
    }
  }

  @Test
  void shutdownIsIdempotent(TestRedis redis) {
    Worker worker = TestWorkers.start(redis, TestWorkers.config("w1", 1).build());

    worker.shutdown(Duration.ofSeconds(1));
    worker.shutdown(Duration.ofSeconds(1));

    assertThat(redis.probe().hget(KEYS.worker("w1"), "state")).isEqualTo("gone");
  }

  private static List<String> submit(TasklaneClient client, int n, String payload) {
    List<NewTask> tasks = new ArrayList<>();
    for (int i = 0; i < n; i++) tasks.add(NewTask.of("sleep", payload));
    client.submitAll(tasks, false, null);
    return tasks.stream().map(NewTask::id).toList();
  }

  private static String status(RedisProbe p, String id) {
    String code = p.hget(KEYS.task(id), TaskFields.STATUS);
    return code == null ? null : TaskStatus.fromCode(code).wire();
  }
}
