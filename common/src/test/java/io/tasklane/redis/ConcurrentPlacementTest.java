package io.tasklane.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.tasklane.dispatch.Strategy;
import io.tasklane.task.NewTask;
import io.tasklane.testing.QueueFixture;
import io.tasklane.testing.RedisExtension;
import io.tasklane.testing.TestRedis;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Many producers and several dispatchers at once, each on its own connection: no task is
 * assigned twice or skipped, round-robin stays a strict rotation, least-concurrency never
 * overfills a worker.
 */
@ExtendWith(RedisExtension.class)
class ConcurrentPlacementTest {
  private static final List<String> WORKERS = List.of("w1", "w2", "w3");

  @Test
  void producersAndDispatchersRacingKeepRoundRobinExact(TestRedis redis) throws Exception {
    try (QueueFixture f = new QueueFixture(redis)) {
      f.queue.setStrategy(Strategy.ROUND_ROBIN);
      f.submit("early", 600); // no worker yet: all in the backlog
      for (String w : WORKERS) f.worker(w, 1);
      ExecutorService pool = Executors.newFixedThreadPool(6);
      List<Future<?>> jobs = new ArrayList<>();
      for (int p = 0; p < 3; p++) {
        int producer = p;
        jobs.add(pool.submit(() -> produce(redis, "p" + producer, 40, 10)));
      }
      for (int d = 0; d < 3; d++) {
        jobs.add(pool.submit(() -> {
          try (Redis r = redis.connect()) {
            TaskQueue q = new TaskQueue(r, "q", Clock.systemUTC());
            while (q.dispatch(25).backlog() > 0) Thread.onSpinWait();
          }
          return null;
        }));
      }
      for (Future<?> j : jobs) j.get();
      pool.shutdown();
      f.queue.dispatch(10_000);

      Map<String, Integer> seen = new HashMap<>();
      int total = 0;
      List<Long> sizes = new ArrayList<>();
      for (String w : WORKERS) {
        List<String> inbox = f.probe.lrange(f.keys.inbox(w));
        sizes.add((long) inbox.size());
        total += inbox.size();
        for (String id : inbox) {
          seen.merge(id, 1, Integer::sum);
          assertThat(f.workerOf(id)).isEqualTo(w);
          assertThat(f.status(id)).isEqualTo("assigned");
        }
      }
      assertThat(total).isEqualTo(600 + 3 * 40 * 10);
      assertThat(seen).hasSize(total).allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
      assertThat(f.probe.llen(f.keys.backlog())).isZero();
      assertThat(sizes.stream().mapToLong(Long::longValue).max().getAsLong()
          - sizes.stream().mapToLong(Long::longValue).min().getAsLong()).isLessThanOrEqualTo(1);
    }
  }

  @Test
  void leastConcurrencyNeverGivesAWorkerMoreThanItsSlots(TestRedis redis) throws Exception {
    try (QueueFixture f = new QueueFixture(redis)) {
      f.worker("w1", 3);
      f.worker("w2", 5);
      f.worker("w3", 7);
      ExecutorService pool = Executors.newFixedThreadPool(4);
      List<Future<?>> jobs = new ArrayList<>();
      for (int p = 0; p < 4; p++) {
        int producer = p;
        jobs.add(pool.submit(() -> produce(redis, "p" + producer, 25, 4)));
      }
      for (Future<?> j : jobs) j.get();
      pool.shutdown();
      assertThat(f.probe.llen(f.keys.inbox("w1"))).isEqualTo(3);
      assertThat(f.probe.llen(f.keys.inbox("w2"))).isEqualTo(5);
      assertThat(f.probe.llen(f.keys.inbox("w3"))).isEqualTo(7);
      assertThat(f.probe.llen(f.keys.backlog())).isEqualTo(400 - 15);
      assertThat(f.inflight("w3")).isEqualTo(7);
    }
  }

  private static Void produce(TestRedis redis, String prefix, int batches, int perBatch) {
    try (Redis r = redis.connect()) {
      TaskQueue q = new TaskQueue(r, "q", Clock.systemUTC());
      for (int b = 0; b < batches; b++) {
        List<NewTask> tasks = new ArrayList<>();
        for (int i = 0; i < perBatch; i++) {
          tasks.add(NewTask.of("noop", "null").withId(prefix + "-" + b + "-" + i));
        }
        q.submit(tasks, false);
      }
    }
    return null;
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.EnumSource(Strategy.class)
  void everyStrategyPlacesEachTaskOnceUnderConcurrentProducersAndDispatchers(Strategy strategy,
      TestRedis redis) throws Exception {
    try (QueueFixture f = new QueueFixture(redis)) {
      f.queue.setStrategy(strategy, new PlacementOptions(true, true, 1.5));
      f.submit("early", 300);
      for (String w : WORKERS) f.worker(w, 200);
      ExecutorService pool = Executors.newFixedThreadPool(6);
      List<Future<?>> jobs = new ArrayList<>();
      for (int p = 0; p < 3; p++) {
        int producer = p;
        jobs.add(pool.submit(() -> produce(redis, "p" + producer, 20, 10)));
      }
      for (int d = 0; d < 2; d++) {
        jobs.add(pool.submit(() -> {
          try (Redis r = redis.connect()) {
            TaskQueue q = new TaskQueue(r, "q", Clock.systemUTC());
            for (int i = 0; i < 50; i++) q.dispatch(20);
          }
          return null;
        }));
      }
      jobs.add(pool.submit(() -> {
        try (Redis r = redis.connect()) {
          TaskQueue q = new TaskQueue(r, "q", Clock.systemUTC());
          for (int i = 0; i < 30; i++) q.claim("w1", 5); // claims, with stealing, race too
        }
        return null;
      }));
      for (Future<?> j : jobs) j.get();
      pool.shutdown();
      Map<String, Integer> seen = new HashMap<>();
      int placed = 0;
      for (String w : WORKERS) {
        List<String> held = new ArrayList<>(f.probe.lrange(f.keys.inbox(w)));
        held.addAll(f.probe.zrange(f.keys.active(w)));
        placed += held.size();
        assertThat((long) held.size()).as(strategy + " in-flight count of " + w)
            .isEqualTo(f.inflight(w));
        for (String id : held) {
          seen.merge(id, 1, Integer::sum);
          assertThat(f.workerOf(id)).isEqualTo(w);
        }
      }
      for (String id : f.probe.lrange(f.keys.backlog())) seen.merge(id, 1, Integer::sum);
      assertThat(seen).as(strategy.toString()).hasSize(300 + 3 * 20 * 10)
          .allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1));
      assertThat(placed).isPositive();
    }
  }
}
