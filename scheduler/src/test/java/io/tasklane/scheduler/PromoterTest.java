package io.tasklane.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tasklane.redis.Keys;
import io.tasklane.redis.Redis;
import io.tasklane.redis.TaskQueue;
import io.tasklane.redis.WorkerInfo;
import io.tasklane.task.ClaimedTask;
import io.tasklane.task.NewTask;
import io.tasklane.task.Outcome;
import io.tasklane.task.TaskFields;
import io.tasklane.task.TaskStatus;
import io.tasklane.testing.QueueFixture;
import io.tasklane.testing.RedisExtension;
import io.tasklane.testing.TestRedis;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisExtension.class)
class PromoterTest {
  private static final Duration SHORT = Duration.ofMillis(20);
  private static final Duration LONG = Duration.ofMinutes(10);

  @Test
  void movesRetriesOnceTheyAreDueAndPlacesThem(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis)) {
      f.worker("w", 5);
      f.submit("t", 3);
      List<Outcome> failures = new ArrayList<>();
      for (ClaimedTask t : f.queue.claim("w", 3)) failures.add(Outcome.failure(t, "flaky", 10));
      f.queue.complete("w", failures, 0);
      assertThat(f.probe.zcard(f.keys.delayed())).isEqualTo(3);

      try (Promoter promoter = new Promoter(f.queue, SHORT, f.clock)) {
        promoter.start();
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2))
            .until(() -> f.probe.zcard(f.keys.delayed()) == 3);
        assertThat(f.status("t-0")).isEqualTo("retrying");
        f.clock.advance(Duration.ofSeconds(2)); // past the first backoff (at most 1 s)
        await().atMost(Duration.ofSeconds(10)).until(() -> f.probe.zcard(f.keys.delayed()) == 0);
      }
      assertThat(f.probe.lrange(f.keys.inbox("w"))).containsExactlyInAnyOrder("t-0", "t-1", "t-2");
      assertThat(f.status("t-1")).isEqualTo("assigned");
      assertThat(f.probe.hget(f.keys.task("t-1"), TaskFields.ATTEMPT)).isEqualTo("1");
    }
  }

  @Test
  void wakesWhenTheNextRetryIsDueRatherThanAfterItsPeriod(TestRedis redis) {
    try (Redis r = redis.connect()) {
      TaskQueue q = new TaskQueue(r, "q", Clock.systemUTC());
      q.setRetryBackoff(Duration.ofMillis(300), Duration.ofMillis(300));
      q.register(new WorkerInfo("w", "h", 1, 1, 1, "test"), Duration.ofSeconds(30));
      q.submit(List.of(NewTask.of("echo", "1").withId("soon")), false);
      ClaimedTask claimed = q.claim("w", 1).get(0);
      q.complete("w", List.of(Outcome.failure(claimed, "later", 5)), 0);
      try (Promoter promoter = new Promoter(q, LONG, Clock.systemUTC())) {
        promoter.start();
        await().atMost(Duration.ofSeconds(5))
            .until(() -> TaskStatus.ASSIGNED.code().equals(
                redis.probe().hget(Keys.of("q").task("soon"), TaskFields.STATUS)));
      }
    }
  }

  @Test
  void wakesWhenAWorkerSchedulesARetryDueBeforeEveryOther(TestRedis redis) {
    try (Redis r = redis.connect()) {
      TaskQueue q = new TaskQueue(r, "q", Clock.systemUTC());
      q.setRetryBackoff(Duration.ofMillis(300), Duration.ofMillis(300));
      q.register(new WorkerInfo("w", "h", 1, 1, 1, "test"), Duration.ofSeconds(30));
      q.submit(List.of(NewTask.of("echo", "1").withId("soon")), false);
      ClaimedTask claimed = q.claim("w", 1).get(0);
      long before = BacklogAssignerTest.calls(redis.probe(), "zrange");
      try (Promoter promoter = new Promoter(q, LONG, Clock.systemUTC())) {
        promoter.start(); // subscribes, finds no retry (one ZRANGE), sleeps its long period
        await().atMost(Duration.ofSeconds(10))
            .until(() -> BacklogAssignerTest.calls(redis.probe(), "zrange") > before);
        assertThat(BacklogAssignerTest.subscribers(redis.probe(), Keys.of("q").delayedChannel()))
            .isEqualTo(1);
        q.complete("w", List.of(Outcome.failure(claimed, "later", 5)), 0);
        await().atMost(Duration.ofSeconds(5))
            .until(() -> TaskStatus.ASSIGNED.code().equals(
                redis.probe().hget(Keys.of("q").task("soon"), TaskFields.STATUS)));
      }
    }
  }

  @Test
  void promotesFullBatchesBackToBack(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis)) {
      int n = 2 * Promoter.LIMIT + 500;
      List<String> ids = f.submit("t", n);
      f.probe.del(f.keys.backlog());
      for (int i = 0; i < n; i++) {
        f.probe.command("ZADD", f.keys.delayed(), Long.toString(f.clock.millis() - n + i),
            ids.get(i));
        f.probe.hset(f.keys.task(ids.get(i)), TaskFields.STATUS, TaskStatus.RETRYING.code());
      }
      try (Promoter promoter = new Promoter(f.queue, LONG, f.clock)) {
        promoter.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> f.probe.llen(f.keys.backlog()) == n);
      }
      assertThat(f.probe.zcard(f.keys.delayed())).isZero();
      assertThat(f.probe.lrange(f.keys.backlog())).containsExactlyElementsOf(ids);
      assertThat(f.status(ids.get(n - 1))).isEqualTo("queued");
    }
  }
}
