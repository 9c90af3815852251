package io.tasklane.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.tasklane.dispatch.Strategy;
import io.tasklane.task.NewTask;
import io.tasklane.task.TaskFields;
import io.tasklane.task.TaskStatus;
import io.tasklane.testing.QueueFixture;
import io.tasklane.testing.RedisExtension;
import io.tasklane.testing.TestRedis;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisExtension.class)
class ReclaimScriptTest {

  @Test
  void aDeadWorkersInboxAndRunningTasksGoBackTheAttemptCounted(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis)) {
      f.queue.setStrategy(Strategy.ROUND_ROBIN);
      f.worker("a", 1);
      f.queue.submit(List.of(NewTask.of("echo", "1").withId("run"),
          NewTask.of("echo", "2").withId("wait"),
          NewTask.of("echo", "3").withId("last").withMaxAttempts(1)), false);
      f.queue.claim("a", 1); // "run" is running, attempt 1
      f.probe.hset(f.keys.task("wait"), "x", "y");
      f.probe.del(f.keys.alive("a"));
      assertThat(f.queue.reclaim(10)).isEqualTo(new Reclaim(0, 0, 0)); // not expired by the book yet
      f.clock.advance(QueueFixture.TTL.plusSeconds(1));
      Reclaim r = f.queue.reclaim(10);
      assertThat(r).isEqualTo(new Reclaim(1, 3, 0));
      assertThat(f.probe.lrange(f.keys.backlog())).containsExactly("run", "wait", "last");
      assertThat(f.probe.hgetall(f.keys.task("run")))
          .containsEntry(TaskFields.STATUS, TaskStatus.QUEUED.code())
          .containsEntry(TaskFields.ATTEMPT, "1").containsEntry(TaskFields.WORKER, "");
      assertThat(f.probe.hget(f.keys.worker("a"), "state")).isEqualTo("dead");
      // its last heartbeat (here the registration): the expiry it had, less its TTL
      assertThat(f.probe.hget(f.keys.worker("a"), "seen")).isEqualTo("1700000000000");
      assertThat(f.probe.exists(f.keys.inbox("a"))).isFalse();
      assertThat(f.probe.zcard(f.keys.ring())).isZero();
      assertThat(f.probe.hget(f.keys.stats("a"), "reclaimed")).isEqualTo("3");
      assertThat(f.queue.reclaim(10)).isEqualTo(new Reclaim(0, 0, 0));
      // the reclaimed worker, back from a pause, must register anew
      assertThat(f.queue.heartbeat("a", QueueFixture.TTL).mustRegister()).isTrue();
    }
  }

  @Test
  void aRunningTaskWithNoAttemptLeftIsDeadLettered(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis)) {
      f.worker("a", 1);
      f.queue.submit(List.of(NewTask.of("echo", "1").withId("once").withMaxAttempts(1)), false);
      f.queue.claim("a", 1);
      f.probe.del(f.keys.alive("a"));
      f.clock.advance(QueueFixture.TTL.plusSeconds(1));
      assertThat(f.queue.reclaim(10)).isEqualTo(new Reclaim(1, 0, 1));
      assertThat(f.status("once")).isEqualTo("dead");
      assertThat(f.probe.hget(f.keys.task("once"), TaskFields.ERROR)).contains("worker a stopped");
      assertThat(f.probe.lrange(f.keys.dead())).containsExactly("once");
    }
  }

  @Test
  void aLiveWorkerIsNeverReclaimedEvenWhenItsExpiryLooksPast(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis)) {
      f.worker("a", 1);
      f.submit("t", 1);
      f.clock.advance(QueueFixture.TTL.plusSeconds(1)); // our clock says expired; Redis says alive
      assertThat(f.queue.reclaim(10).workers()).isZero();
      assertThat(f.workerOf("t-0")).isEqualTo("a");
    }
  }

  @Test
  void threeReclaimersRacingRequeueEachTaskExactlyOnce(TestRedis redis) throws Exception {
    try (QueueFixture f = new QueueFixture(redis)) {
      f.queue.setStrategy(Strategy.ROUND_ROBIN);
      for (int w = 0; w < 10; w++) f.worker("w" + w, 100);
      List<String> ids = f.submit("t", 1000);
      for (int w = 0; w < 10; w++) {
        f.queue.claim("w" + w, 40);
        f.probe.del(f.keys.alive("w" + w));
      }
      long later = f.clock.millis() + QueueFixture.TTL.toMillis() + 1000;
      ExecutorService pool = Executors.newFixedThreadPool(3);
      List<Future<Reclaim>> racers = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        racers.add(pool.submit(() -> {
          try (Redis r = redis.connect()) {
            TaskQueue q = new TaskQueue(r, "q", Clock.fixed(java.time.Instant.ofEpochMilli(later),
                java.time.ZoneOffset.UTC));
            int workers = 0;
            int requeued = 0;
            Reclaim one;
            do {
              one = q.reclaim(1);
              workers += one.workers();
              requeued += one.requeued();
            } while (one.workers() > 0);
            return new Reclaim(workers, requeued, 0);
          }
        }));
      }
      int workers = 0;
      int requeued = 0;
      for (Future<Reclaim> r : racers) {
        workers += r.get().workers();
        requeued += r.get().requeued();
      }
      pool.shutdown();
      assertThat(workers).isEqualTo(10);
      assertThat(requeued).isEqualTo(1000);
      List<String> backlog = f.probe.lrange(f.keys.backlog());
      Map<String, Integer> count = new HashMap<>();
      backlog.forEach(id -> count.merge(id, 1, Integer::sum));
      assertThat(backlog).hasSize(1000);
      assertThat(count.keySet()).containsExactlyInAnyOrderElementsOf(ids);
      assertThat(ids.stream()
          .filter(id -> "1".equals(f.probe.hget(f.keys.task(id), TaskFields.ATTEMPT))))
          .hasSize(400);
    }
  }
}
