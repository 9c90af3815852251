package io.tasklane.scheduler.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.tasklane.error.InvalidInputException;
import io.tasklane.redis.QueueSnapshot;
import io.tasklane.redis.WorkerSnapshot;
import io.tasklane.task.RunTimeHistogram;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatsServiceTest {
  private static final long NOW = 1_700_000_100_000L;
  private static final int WINDOW = 60;
  private static final int B1MS = RunTimeHistogram.bucketOf(1_000);
  private static final int B2MS = RunTimeHistogram.bucketOf(2_000);
  private static final int B5MS = RunTimeHistogram.bucketOf(5_000);
  private static final int B10MS = RunTimeHistogram.bucketOf(10_000);

  /**
   * Ten minutes old, 100 tasks: 50 near 1 ms, 45 near 2 ms, 5 near 10 ms; 4 of its 10 failed
   * attempts dead-lettered their task; 6 tasks were taken back from it once; it stole 7.
   */
  private static WorkerSnapshot steady() {
    Map<String, String> counters =
        counters(90, 10, 2, 200_000, Map.of(B1MS, 50L, B2MS, 45L, B10MS, 5L));
    counters.put("dead", "4");
    counters.put("reclaimed", "6");
    counters.put("stolen", "7");
    return new WorkerSnapshot("a", info("h1", "active", NOW - 600_000), counters, 3, 2, true,
        120);
  }

  /** Ten seconds old, 20 tasks near 5 ms, 3 of them reclaimed from it before, 1 stolen. */
  private static WorkerSnapshot young() {
    Map<String, String> counters = counters(20, 0, 0, 100_000, Map.of(B5MS, 20L));
    counters.put("reclaimed", "3");
    counters.put("stolen", "1");
    return new WorkerSnapshot("b", info("h2", "active", NOW - 10_000), counters, 0, 1, true, 20);
  }

  /** Registered two minutes ago, never finished a task, heartbeat lapsed. */
  private static WorkerSnapshot idleAndDead() {
    return new WorkerSnapshot("c", info("h3", "active", NOW - 120_000), Map.of(), 0, 0, false, 0);
  }

  /** Ran for half an hour until half an hour ago: 3600 tasks near 1 ms. */
  private static WorkerSnapshot gone() {
    Map<String, String> info = info("h4", "gone", NOW - 3_600_000);
    info.put("stopped", Long.toString(NOW - 1_800_000));
    return new WorkerSnapshot("d", info, counters(3600, 0, 0, 3_600_000, Map.of(B1MS, 3600L)),
        0, 0, false, 0);
  }

  private static QueueSnapshot snapshot(WorkerSnapshot... workers) {
    return new QueueSnapshot("q", "least-concurrency", 7, 2, 1, NOW, WINDOW, List.of(workers));
  }

  @Test
  void computesAWorkersFiguresFromItsCounters() {
    QueueStats s = StatsService.compute(snapshot(steady()));
    WorkerStats a = s.workers().get(0);
    assertThat(a.id()).isEqualTo("a");
    assertThat(a.host()).isEqualTo("h1");
    assertThat(a.state()).isEqualTo("active");
    Figures f = a.figures();
    assertThat(f.inflight()).isEqualTo(5);
    assertThat(f.inbox()).isEqualTo(3);
    assertThat(f.succeeded()).isEqualTo(90);
    assertThat(f.failed()).isEqualTo(10);
    assertThat(f.dead()).isEqualTo(4);
    assertThat(f.stale()).isEqualTo(2);
    assertThat(f.reclaimed()).isEqualTo(6);
    assertThat(f.stolen()).isEqualTo(7);
    assertThat(f.tpsWindow()).isEqualTo(2.0); // 120 in 60 s
    assertThat(f.tpsLifetime()).isCloseTo(100 / 600.0, within(1e-9));
    assertThat(f.runMs().mean()).isEqualTo(2.0); // 200 000 µs over 100 tasks
  }

  @Test
  void percentilesComeFromTheHistogramBuckets() {
    RunTimes r = StatsService.compute(snapshot(steady())).workers().get(0).figures().runMs();
    assertThat(r.p50()).isEqualTo(RunTimeHistogram.valueOf(B1MS) / 1000); // rank 50 of 100
    assertThat(r.p95()).isEqualTo(RunTimeHistogram.valueOf(B2MS) / 1000); // rank 95
    assertThat(r.p99()).isEqualTo(RunTimeHistogram.valueOf(B10MS) / 1000); // rank 99
    assertThat(r.p50()).isCloseTo(1.0, within(0.09));
    assertThat(r.p95()).isCloseTo(2.0, within(0.18));
    assertThat(r.p99()).isCloseTo(10.0, within(0.9));
  }

  @Test
  void aWorkerYoungerThanTheWindowIsDividedByItsAge() {
    Figures f = StatsService.compute(snapshot(young())).workers().get(0).figures();
    assertThat(f.tpsWindow()).isEqualTo(2.0); // 20 in its 10 s, not in 60 s
    assertThat(f.tpsLifetime()).isEqualTo(2.0);
  }

  @Test
  void aRestartedWorkerCountsFromItsFirstCompletion() {
    Map<String, String> counters = counters(3600, 0, 0, 0, Map.of());
    counters.put("first", Long.toString(NOW - 3_600_000));
    WorkerSnapshot w = new WorkerSnapshot("r", info("h", "active", NOW - 5_000), counters, 0, 0,
        true, 60);
    Figures f = StatsService.compute(snapshot(w)).workers().get(0).figures();
    assertThat(f.tpsWindow()).isEqualTo(1.0); // 60 in the full window, not in its 5 s
    assertThat(f.tpsLifetime()).isEqualTo(1.0); // 3600 in the hour since its first task
  }

  @Test
  void aWorkerWithNoTasksHasZeroThroughputAndNoRunTimes() {
    WorkerStats c = StatsService.compute(snapshot(idleAndDead())).workers().get(0);
    assertThat(c.state()).isEqualTo("dead");
    assertThat(c.figures().succeeded()).isZero();
    assertThat(c.figures().tpsWindow()).isZero();
    assertThat(c.figures().tpsLifetime()).isZero();
    assertThat(c.figures().runMs()).isEqualTo(RunTimes.NONE);
  }

  @Test
  void aGoneWorkersLifetimeEndsWhenItStopped() {
    WorkerStats d = StatsService.compute(snapshot(gone())).workers().get(0);
    assertThat(d.state()).isEqualTo("gone");
    assertThat(d.figures().tpsLifetime()).isEqualTo(2.0); // 3600 in 30 min
    assertThat(d.figures().tpsWindow()).isZero();
  }

  @Test
  void aDeadWorkersLifetimeEndsAtItsLastHeartbeat() {
    Map<String, String> info = info("h", "active", NOW - 200_000);
    info.put("seen", Long.toString(NOW - 100_000));
    WorkerSnapshot w = new WorkerSnapshot("x", info, counters(100, 0, 0, 0, Map.of()), 0, 0,
        false, 0);
    WorkerStats s = StatsService.compute(snapshot(w)).workers().get(0);
    assertThat(s.state()).isEqualTo("dead");
    assertThat(s.figures().tpsLifetime()).isEqualTo(1.0); // 100 in the 100 s it lived
  }

  @Test
  void stateFollowsTheHeartbeat() {
    WorkerSnapshot draining = new WorkerSnapshot("x", info("h", "draining", NOW), Map.of(), 0, 0,
        true, 0);
    WorkerSnapshot drainingLapsed = new WorkerSnapshot("y", info("h", "draining", NOW), Map.of(),
        0, 0, false, 0);
    WorkerSnapshot noInfo = new WorkerSnapshot("z", Map.of(), Map.of(), 0, 0, false, 0);
    WorkerSnapshot ejected = new WorkerSnapshot("e1", info("h", "ejected", NOW), Map.of(), 0, 0,
        true, 0);
    WorkerSnapshot ejectedLapsed = new WorkerSnapshot("e2", info("h", "ejected", NOW), Map.of(),
        0, 0, false, 0);
    List<WorkerStats> w = StatsService.compute(snapshot(draining, drainingLapsed, noInfo,
        ejected, ejectedLapsed)).workers();
    assertThat(w).extracting(WorkerStats::id).containsExactly("e1", "e2", "x", "y", "z");
    assertThat(w).extracting(WorkerStats::state).containsExactly("ejected", "dead", "draining",
        "dead", "unknown");
  }

  @Test
  void totalsSumTheWorkersAndMergeTheirHistograms() {
    QueueStats s = StatsService.compute(snapshot(gone(), idleAndDead(), young(), steady()));
    assertThat(s.workers()).extracting(WorkerStats::id).containsExactly("a", "b", "c", "d");
    Figures t = s.totals();
    assertThat(t.inflight()).isEqualTo(6);
    assertThat(t.inbox()).isEqualTo(3);
    assertThat(t.succeeded()).isEqualTo(3710);
    assertThat(t.failed()).isEqualTo(10);
    assertThat(t.dead()).isEqualTo(4);
    assertThat(t.stale()).isEqualTo(2);
    assertThat(t.reclaimed()).isEqualTo(9);
    assertThat(t.stolen()).isEqualTo(8);
    assertThat(t.tpsWindow()).isEqualTo(4.0);
    assertThat(t.tpsLifetime()).isCloseTo(100 / 600.0 + 2.0 + 2.0, within(1e-9));
    assertThat(t.runMs().mean()).isCloseTo(3_900_000 / 3720.0 / 1000, within(1e-9));
    // merged: 3650 near 1 ms, 45 near 2 ms, 20 near 5 ms, 5 near 10 ms
    assertThat(t.runMs().p50()).isEqualTo(RunTimeHistogram.valueOf(B1MS) / 1000);
    assertThat(t.runMs().p99()).isEqualTo(RunTimeHistogram.valueOf(B2MS) / 1000); // rank 3683
  }

  @Test
  void reportsTheQueueAndItsDepths() {
    QueueStats s = StatsService.compute(snapshot(young(), steady()));
    assertThat(s.queue()).isEqualTo("q");
    assertThat(s.strategy()).isEqualTo("least-concurrency");
    assertThat(s.takenAt()).isEqualTo(Instant.ofEpochMilli(NOW));
    assertThat(s.windowSeconds()).isEqualTo(WINDOW);
    assertThat(s.depths().backlog()).isEqualTo(7);
    assertThat(s.depths().delayed()).isEqualTo(2);
    assertThat(s.depths().dead()).isEqualTo(1);
    assertThat(s.depths().inboxes()).containsExactly(Map.entry("a", 3L), Map.entry("b", 0L));
  }

  @Test
  void anEmptyQueueHasZeroTotalsAndNoRunTimes() {
    QueueStats s = StatsService.compute(snapshot());
    assertThat(s.workers()).isEmpty();
    assertThat(s.totals()).isEqualTo(new Figures(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, RunTimes.NONE));
  }

  @Test
  void ignoresMalformedCounters() {
    Map<String, String> counters = new HashMap<>(Map.of("succeeded", "x", "h", "1", "hx", "2",
        "h-1", "3", "h12", "oops"));
    WorkerSnapshot w = new WorkerSnapshot("m", null, counters, 0, 0, true, 0);
    WorkerStats s = StatsService.compute(snapshot(w)).workers().get(0);
    assertThat(s.figures().succeeded()).isZero();
    assertThat(s.figures().runMs()).isEqualTo(RunTimes.NONE);
  }

  @Test
  void theWindowMustBeFromOneSecondToOneHour() {
    assertThat(StatsService.checkWindow(Duration.ofSeconds(1))).isEqualTo(1);
    assertThat(StatsService.checkWindow(Duration.ofHours(1))).isEqualTo(3600);
    assertThatThrownBy(() -> StatsService.checkWindow(Duration.ofMillis(999)))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("1s to 1h");
    assertThatThrownBy(() -> StatsService.checkWindow(Duration.ofSeconds(3601)))
        .isInstanceOf(InvalidInputException.class);
  }

  private static Map<String, String> info(String host, String state, long started) {
    Map<String, String> m = new HashMap<>();
    m.put("host", host);
    m.put("state", state);
    m.put("started", Long.toString(started));
    m.put("concurrency", "4");
    return m;
  }

  private static Map<String, String> counters(long succeeded, long failed, long stale,
      long runMicrosSum, Map<Integer, Long> histogram) {
    Map<String, String> m = new HashMap<>();
    if (succeeded > 0) m.put("succeeded", Long.toString(succeeded));
    if (failed > 0) m.put("failed", Long.toString(failed));
    if (stale > 0) m.put("stale", Long.toString(stale));
    if (runMicrosSum > 0) m.put("run_us_sum", Long.toString(runMicrosSum));
    histogram.forEach((b, n) -> m.put("h" + b, Long.toString(n)));
    return m;
  }
}
