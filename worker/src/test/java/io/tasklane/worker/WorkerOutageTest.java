package io.tasklane.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tasklane.client.TasklaneClient;
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

/**
 * Redis misbehaves while tasks flow: it pauses every client, or drops every connection. The
 * worker loses no task: every one succeeds and nothing is left in its active set.
 */
@ExtendWith(RedisExtension.class)
class WorkerOutageTest {
  private static final Keys KEYS = Keys.of(TestWorkers.QUEUE);

  @Test
  void losesNothingWhenRedisPausesLongerThanTheCallTimeout(TestRedis redis) throws Exception {
    // Calls made during the pause time out here but run on Redis when it resumes: their
    // replies, with the tasks they claimed, are lost to the worker until it reconciles.
    WorkerConfig config = TestWorkers.config("w1", 4).redisTimeout(Duration.ofMillis(250))
        .build();
    Worker worker = TestWorkers.start(TestWorkers.connector(redis.url(), config), config);
    try (TasklaneClient client = TestWorkers.client(redis.url())) {
      List<String> ids = submitSleeps(client, 60, 20);

      redis.probe().command("CLIENT", "PAUSE", "1500", "ALL");

      client.awaitAll(ids, Duration.ofSeconds(8), null);
      assertAllSucceededAndNothingHeld(redis.probe(), ids);
    } finally {
      worker.shutdown(Duration.ofSeconds(5));
    }
  }

  @Test
  void losesNothingWhenRedisDropsEveryConnection(TestRedis redis) throws Exception {
    Worker worker = TestWorkers.start(redis, TestWorkers.config("w1", 4).build());
    try (TasklaneClient client = TestWorkers.client(redis.url())) {
      List<String> ids = submitSleeps(client, 60, 10);

      for (int round = 1; round <= 3; round++) {
        int done = round * 15;
        // Drops the connections each time the worker has run a few more tasks.
        await().atMost(Duration.ofSeconds(5)).ignoreExceptions()
            .until(() -> succeeded(client, ids) >= done);
        redis.probe().command("CLIENT", "KILL", "TYPE", "normal");
        redis.probe().command("CLIENT", "KILL", "TYPE", "pubsub");
      }

      client.awaitAll(ids, Duration.ofSeconds(8), null);
      assertAllSucceededAndNothingHeld(redis.probe(), ids);
    } finally {
      worker.shutdown(Duration.ofSeconds(5));
    }
  }

  private static List<String> submitSleeps(TasklaneClient client, int n, int ms) {
    List<NewTask> tasks = new ArrayList<>();
    for (int i = 0; i < n; i++) tasks.add(NewTask.of("sleep", "{\"ms\":" + ms + "}"));
    client.submitAll(tasks, false, null);
    return tasks.stream().map(NewTask::id).toList();
  }

  private static long succeeded(TasklaneClient client, List<String> ids) {
    return client.queue().statuses(ids).stream().filter(TaskStatus.SUCCEEDED::equals).count();
  }

  private static void assertAllSucceededAndNothingHeld(RedisProbe p, List<String> ids) {
    for (String id : ids) {
      assertThat(p.hget(KEYS.task(id), TaskFields.STATUS)).isEqualTo(TaskStatus.SUCCEEDED.code());
    }
    assertThat(p.llen(KEYS.dead())).isZero();
    assertThat(p.zcard(KEYS.active("w1"))).isZero();
    assertThat(p.llen(KEYS.inbox("w1"))).isZero();
  }
}
