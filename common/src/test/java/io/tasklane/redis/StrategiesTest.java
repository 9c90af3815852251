package io.tasklane.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tasklane.dispatch.Strategy;
import io.tasklane.task.ClaimedTask;
import io.tasklane.task.NewTask;
import io.tasklane.task.Outcome;
import io.tasklane.testing.QueueFixture;
import io.tasklane.testing.RedisExtension;
import io.tasklane.testing.TestRedis;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.ExtendWith;

/** Each strategy's choice on seeded worker states, through the submit and set_strategy scripts. */
@ExtendWith(RedisExtension.class)
class StrategiesTest {

  private static void worker(QueueFixture f, String id, int concurrency, int weight) {
    f.queue.register(new WorkerInfo(id, "h", 1, concurrency, weight, "t"), QueueFixture.TTL);
  }

  private static Map<String, Integer> spread(QueueFixture f, List<String> ids) {
    Map<String, Integer> m = new HashMap<>();
    for (String id : ids) m.merge(String.valueOf(f.workerOf(id)), 1, Integer::sum);
    return m;
  }

  private static List<String> submitKeyed(QueueFixture f, String prefix, int n, String key) {
    List<NewTask> tasks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      tasks.add(NewTask.of("echo", "1").withId(prefix + i).withKey(key == null ? "k" + i : key));
    }
    f.queue.submit(tasks, false);
    return tasks.stream().map(NewTask::id).toList();
  }

  /**
   * Picks come from a heap of the least loaded workers, read once per call in a small pool and
   * again whenever its top passes the first worker left out in a large one (150: one re-read
   * per batch or so; 400: several): either way each task of a batch must go to the least
   * loaded live worker with room (ties by ID), skipping a worker whose heartbeat lapsed, and
   * the rest must stay in the backlog.
   */
  @ParameterizedTest
  @ValueSource(ints = {6, 150, 400})
  void leastConcurrencyGivesEveryTaskOfABatchToTheLeastLoadedWorker(int workers,
      TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis)) {
      Map<String, int[]> model = new TreeMap<>(); // id -> {in flight, concurrency}
      for (int i = 0; i < workers; i++) {
        String id = String.format("w%03d", i);
        int concurrency = 1 + (i * 7) % 5;
        f.worker(id, concurrency);
        model.put(id, new int[] {0, concurrency});
      }
      // one lapsed worker among the first read, and in a large pool one far past it
      List<String> lapsedIds = workers > 300 ? List.of("w002", "w350") : List.of("w002");
      for (String id : lapsedIds) {
        f.probe.del(f.keys.alive(id));
        model.remove(id);
      }
      int capacity = model.values().stream().mapToInt(v -> v[1]).sum();

      List<String> first = f.submit("a", capacity / 3);
      List<String> second = f.submit("b", capacity); // a third more than the room left

      // the model replays both batches, counting the second's assignments
      for (int i = 0; i < first.size(); i++) assignLeastLoaded(model, new HashMap<>());
      Map<String, Integer> expected = new HashMap<>();
      int backlog = 0;
      for (int i = 0; i < second.size(); i++) {
        if (!assignLeastLoaded(model, expected)) backlog++;
      }

      Map<String, Integer> placed = spread(f, second);
      Integer queued = placed.remove("null");
      assertThat(placed).isEqualTo(expected);
      assertThat(queued == null ? 0 : queued).isEqualTo(backlog).isGreaterThan(0);
      for (String id : lapsedIds) assertThat(placed).doesNotContainKey(id);
      for (String id : second) {
        if (f.workerOf(id) == null) assertThat(f.status(id)).isEqualTo("queued");
      }
      for (Map.Entry<String, int[]> e : model.entrySet()) {
        assertThat(f.inflight(e.getKey())).as("in flight on %s", e.getKey())
            .isEqualTo(e.getValue()[0]);
        assertThat(redis.probe().zscore(f.keys.workers(), e.getKey()))
            .isCloseTo((double) e.getValue()[0] / e.getValue()[1], within(1e-9));
      }
    }
  }

  /** A heap read that holds only lapsed workers is read again until it finds live ones. */
  @Test
  void leastConcurrencyReadsPastAHeapOfLapsedWorkers(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis)) {
      for (int i = 0; i < 300; i++) f.worker(String.format("w%03d", i), 10);
      for (int i = 0; i < 200; i++) f.probe.del(f.keys.alive(String.format("w%03d", i)));

      List<String> ids = f.submit("t", 50);

      Map<String, Integer> expected = new HashMap<>();
      for (int i = 200; i < 250; i++) expected.put(String.format("w%03d", i), 1);
      assertThat(spread(f, ids)).isEqualTo(expected);
      assertThat(redis.probe().zcard(f.keys.workers())).isEqualTo(100);
    }
  }

  /** One least-concurrency pick on the model; false when every worker is full. */
  private static boolean assignLeastLoaded(Map<String, int[]> model, Map<String, Integer> counts) {
    String best = null;
    double bestLoad = 0;
    for (Map.Entry<String, int[]> e : model.entrySet()) { // ID order breaks ties
      double load = (double) e.getValue()[0] / e.getValue()[1];
      if (best == null || load < bestLoad) {
        best = e.getKey();
        bestLoad = load;
      }
    }
    if (best == null || bestLoad >= 1) return false;
    model.get(best)[0]++;
    counts.merge(best, 1, Integer::sum);
    return true;
  }

  @Test
  void settingOnlyPlacementOptionsLeavesTheStrategyInForce(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis)) {
      f.queue.setStrategy(Strategy.ROUND_ROBIN);

      f.queue.setStrategy(null, new PlacementOptions(true, null, null));

      assertThat(f.queue.strategy()).isEqualTo(Strategy.ROUND_ROBIN);
      assertThat(f.probe.hget(f.keys.config(), "steal")).isEqualTo("1");
      assertThat(f.probe.hget(f.keys.config(), "steal_keyed")).isNull();
    }
  }

  /**
   * Round-robin reads the ring 64 workers at a time: the rotation must stay the ring's order
   * across windows, across calls (the shared cursor) and past a lapsed worker, in a pool that
   * fits one window (cycled) and in one that needs several.
   */
  @ParameterizedTest
  @ValueSource(ints = {3, 150})
  void roundRobinFollowsTheRingAcrossWindowsAndCalls(int workers, TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis)) {
      f.queue.setStrategy(Strategy.ROUND_ROBIN);
      List<String> ring = new ArrayList<>();
      for (int i = 0; i < workers; i++) {
        String id = String.format("w%03d", i);
        f.worker(id, 1000);
        ring.add(id);
      }
      String lapsed = ring.get(1);
      f.probe.del(f.keys.alive(lapsed));
      ring.remove(lapsed);

      int n = 2 * workers + 5;
      List<String> ids = new ArrayList<>(f.submit("a", n / 2));
      ids.addAll(f.submit("b", n - n / 2)); // the second call goes on from the cursor

      for (int i = 0; i < ids.size(); i++) {
        assertThat(f.workerOf(ids.get(i))).as("task %d", i).isEqualTo(ring.get(i % ring.size()));
      }
    }
  }

  @Test
  void weightedRoundRobinInterleavesInProportionToWeight(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis)) {
      f.queue.setStrategy(Strategy.WEIGHTED_ROUND_ROBIN);
      worker(f, "a", 1000, 5);
      worker(f, "b", 1000, 1);
      worker(f, "c", 1000, 1);
      List<String> ids = f.submit("t", 70);
      assertThat(spread(f, ids)).containsEntry("a", 50).containsEntry("b", 10).containsEntry("c", 10);
      // smooth: in every window of 7 consecutive tasks each worker gets its share
      for (int start = 0; start + 7 <= 70; start += 7) {
        assertThat(spread(f, ids.subList(start, start + 7)))
            .containsEntry("a", 5).containsEntry("b", 1).containsEntry("c", 1);
      }
    }
  }

  @Test
  void randomSpreadsRoughlyEvenly(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis)) {
      f.queue.setStrategy(Strategy.RANDOM);
      worker(f, "a", 1, 1);
      worker(f, "b", 1, 1);
      worker(f, "c", 1, 1);
      Map<String, Integer> m = spread(f, f.submit("t", 3000));
      assertThat(m).containsOnlyKeys("a", "b", "c");
      m.values().forEach(n -> assertThat(n).isBetween(850, 1150));
    }
  }

  @Test
  void powerOfTwoPrefersTheLessLoadedAndNeverOverfills(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis)) {
      f.queue.setStrategy(Strategy.POWER_OF_TWO);
      worker(f, "a", 10, 1);
      worker(f, "b", 10, 1);
      f.submit("pre", 8); // two random at a time: a and b end up 4 and 4 or close
      List<String> more = f.submit("t", 12);
      assertThat(f.probe.llen(f.keys.inbox("a"))).isEqualTo(10);
      assertThat(f.probe.llen(f.keys.inbox("b"))).isEqualTo(10);
      assertThat(more).hasSize(12);
      f.submit("late", 3);
      assertThat(f.probe.lrange(f.keys.backlog())).containsExactly("late-0", "late-1", "late-2");
    }
  }

  @Test
  void keyAffinityKeepsAKeyOnOneWorkerAndMovesFewKeysWhenAWorkerJoins(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis)) {
      f.queue.setStrategy(Strategy.KEY_AFFINITY, new PlacementOptions(null, null, 100.0));
      for (String w : List.of("a", "b", "c", "d")) worker(f, w, 100_000, 1);
      List<String> first = submitKeyed(f, "x", 2000, null);
      List<String> again = submitKeyed(f, "y", 2000, null);
      for (int i = 0; i < 2000; i++) {
        assertThat(f.workerOf(again.get(i))).isEqualTo(f.workerOf(first.get(i)));
      }
      Map<String, Integer> m = spread(f, first);
      m.values().forEach(n -> assertThat(n).isBetween(300, 700));
      worker(f, "e", 100_000, 1);
      List<String> after = submitKeyed(f, "z", 2000, null);
      int moved = 0;
      for (int i = 0; i < 2000; i++) {
        String now = f.workerOf(after.get(i));
        if (!now.equals(f.workerOf(first.get(i)))) {
          moved++;
          assertThat(now).as("a key only moves to the new worker").isEqualTo("e");
        }
      }
      assertThat(moved).as("about 1/5 of the keys move").isBetween(250, 600);
    }
  }

  @Test
  void keyAffinityMovesOnlyTheLeavingWorkersKeys(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis)) {
      f.queue.setStrategy(Strategy.KEY_AFFINITY, new PlacementOptions(null, null, 100.0));
      for (String w : List.of("a", "b", "c", "d")) worker(f, w, 100_000, 1);
      List<String> before = submitKeyed(f, "x", 2000, null);
      List<String> owners = before.stream().map(f::workerOf).toList();
      f.queue.deregister("d");
      List<String> after = submitKeyed(f, "y", 2000, null);
      int moved = 0;
      for (int i = 0; i < 2000; i++) {
        String was = owners.get(i);
        String now = f.workerOf(after.get(i));
        if (was.equals("d")) {
          moved++;
          assertThat(now).isNotEqualTo("d");
        } else {
          assertThat(now).as("a key of a staying worker stays").isEqualTo(was);
        }
      }
      assertThat(moved).as("about 1/4 of the keys were on the leaving worker").isBetween(300, 700);
    }
  }

  @Test
  void keyAffinityBoundsTheLoadAHotKeyCanPileOnOneWorker(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis)) {
      f.queue.setStrategy(Strategy.KEY_AFFINITY, new PlacementOptions(null, null, 1.25));
      for (String w : List.of("a", "b", "c", "d")) worker(f, w, 1000, 1);
      List<String> hot = submitKeyed(f, "h", 400, "hot");
      Map<String, Integer> m = spread(f, hot);
      // at most ceil(1.25 * (in flight + 1) / 4) each: with 400 in flight, 125
      m.values().forEach(n -> assertThat(n).isLessThanOrEqualTo(126));
      assertThat(m.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(400);
      String home = f.workerOf("h0");
      assertThat(m.get(home)).isGreaterThanOrEqualTo(100);
    }
  }

  @Test
  void leastConcurrencyBreaksTiesInFavourOfTheFasterWorker(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis)) {
      f.worker("a-slow", 2);
      f.worker("b-fast", 2);
      // each runs one task: a-slow takes 40 ms, b-fast 1 ms; both are idle again afterwards
      List<String> warm = f.submit("warm", 2);
      for (String w : List.of("a-slow", "b-fast")) {
        ClaimedTask c = f.queue.claim(w, 1).get(0);
        f.queue.complete(w, List.of(Outcome.success(c, "null", w.startsWith("a") ? 40_000 : 1_000)),
            0);
      }
      assertThat(warm.stream().map(f::workerOf)).containsExactlyInAnyOrder("a-slow", "b-fast");

      List<String> ids = f.submit("t", 3);

      // equal loads: the faster first; then b-fast holds 1 of 2 and a-slow 0 of 2
      assertThat(ids.stream().map(f::workerOf)).containsExactly("b-fast", "a-slow", "b-fast");
    }
  }

  @Test
  void leastLatencyPrefersTheFasterWorkerPerSlot(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis)) {
      worker(f, "fast", 4, 1);
      worker(f, "slow", 4, 1);
      f.probe.hset(f.keys.worker("fast"), "ewma_us", "1000");
      f.probe.hset(f.keys.worker("slow"), "ewma_us", "4000");
      f.queue.setStrategy(Strategy.LEAST_LATENCY); // rebuilds the latency index from the hashes
      List<String> ids = f.submit("t", 5);
      // fast: 1000*(n+1)/4 stays below slow's 4000*1/4 for n+1 <= 4
      assertThat(ids.subList(0, 4).stream().map(f::workerOf)).containsOnly("fast");
      assertThat(f.workerOf("t-4")).isEqualTo("slow");
      f.submit("u", 3);
      f.submit("full", 1);
      assertThat(f.probe.lrange(f.keys.backlog())).containsExactly("full-0");
    }
  }

  @Test
  void sharedOnlyFeedsWorkersWithAFreeSlot(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis)) {
      f.queue.setStrategy(Strategy.SHARED);
      worker(f, "a", 2, 1);
      worker(f, "b", 3, 1);
      f.submit("t", 7);
      assertThat(f.probe.llen(f.keys.inbox("a"))).isEqualTo(2);
      assertThat(f.probe.llen(f.keys.inbox("b"))).isEqualTo(3);
      assertThat(f.probe.llen(f.keys.backlog())).isEqualTo(2);
    }
  }

  @Test
  void anIdleWorkerStealsFromTheTailOfTheFullestInboxButLeavesKeyedTasks(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis)) {
      f.queue.setStrategy(Strategy.ROUND_ROBIN, new PlacementOptions(true, false, null));
      worker(f, "slow", 1, 1);
      f.submit("t", 4); // all on slow: the only worker
      f.queue.submit(List.of(NewTask.of("echo", "1").withId("keyed").withKey("k")), false);
      worker(f, "idle", 4, 1);
      List<ClaimedTask> stolen = f.queue.claim("idle", 3);
      assertThat(stolen).extracting(ClaimedTask::id).containsExactlyInAnyOrder("t-3", "t-2", "t-1");
      assertThat(f.probe.lrange(f.keys.inbox("slow"))).containsExactly("t-0", "keyed");
      assertThat(f.workerOf("t-3")).isEqualTo("idle");
      assertThat(f.inflight("slow")).isEqualTo(2);
      assertThat(f.inflight("idle")).isEqualTo(3);
      // the thief ran them; the victim can no longer claim or complete them
      assertThat(f.queue.claim("slow", 10)).extracting(ClaimedTask::id)
          .containsExactly("t-0", "keyed");
      Completion c = f.queue.complete("slow", List.of(Outcome.success(
          new ClaimedTask("t-3", "echo", "1", 1, 0), "1", 1)), 0);
      assertThat(c.stale()).isEqualTo(1);
      assertThat(f.probe.hget(f.keys.stats("idle"), "stolen")).isEqualTo("3");
    }
  }

  @Test
  void aWorkerFailingFarMoreThanTheOthersIsEjectedThenReadmitted(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis)) {
      f.queue.setStrategy(Strategy.ROUND_ROBIN);
      worker(f, "bad", 100, 1);
      worker(f, "good", 100, 1);
      List<String> ids = f.submit("t", 40);
      for (ClaimedTask c : f.queue.claim("good", 20)) {
        f.queue.complete("good", List.of(Outcome.success(c, "1", 10)), 0);
      }
      int failures = 0;
      for (ClaimedTask c : f.queue.claim("bad", 5)) {
        f.queue.complete("bad", List.of(Outcome.failure(c, "broken", 10)), 0);
        failures++;
      }
      assertThat(failures).isEqualTo(5);
      assertThat(f.probe.hget(f.keys.worker("bad"), "state")).isEqualTo("ejected");
      assertThat(f.probe.zrange(f.keys.ring())).containsExactly("good");
      assertThat(f.probe.llen(f.keys.inbox("bad"))).isZero();
      assertThat(f.inflight("bad")).isZero();
      // its unstarted tasks went to the healthy worker
      assertThat(f.probe.llen(f.keys.inbox("good"))).isEqualTo(15);
      assertThat(f.queue.heartbeat("bad", QueueFixture.TTL).state()).isEqualTo("ejected");
      f.clock.advance(java.time.Duration.ofSeconds(6));
      assertThat(f.queue.heartbeat("bad", QueueFixture.TTL).state()).isEqualTo("active");
      assertThat(f.probe.zrange(f.keys.ring())).containsExactly("bad", "good");
      assertThat(ids).hasSize(40);
    }
  }

  @Test
  void drainAndUndrain(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis)) {
      worker(f, "a", 10, 1);
      assertThat(f.queue.drain("a").done()).isTrue();
      f.submit("t", 1);
      assertThat(f.probe.llen(f.keys.backlog())).isEqualTo(1);
      assertThat(f.queue.undrain("a").done()).isTrue();
      assertThat(f.queue.undrain("a").done()).isFalse();
      f.queue.dispatch(10);
      assertThat(f.workerOf("t-0")).isEqualTo("a");
    }
  }
}
