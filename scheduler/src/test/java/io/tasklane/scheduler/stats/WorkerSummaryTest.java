package io.tasklane.scheduler.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.tasklane.redis.QueueSnapshot;
import io.tasklane.redis.WorkerSnapshot;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkerSummaryTest {
  private static final long NOW = 1_700_000_000_000L;

  @Test
  void summarisesEachWorkerSortedById() {
    WorkerSnapshot ejected = new WorkerSnapshot("b", Map.of("host", "h2", "state", "ejected",
        "concurrency", "4", "weight", "2", "ewma_us", "2500.5", "ejected_until",
        Long.toString(NOW + 5_000), "seen", Long.toString(NOW)), Map.of(), 3, 1, true, 0);
    WorkerSnapshot draining = new WorkerSnapshot("a", Map.of("host", "h1", "state", "draining",
        "concurrency", "8", "weight", "1", "ejected_until", Long.toString(NOW - 9_000), "seen",
        Long.toString(NOW - 1_000)), Map.of(), 0, 2, true, 0);
    WorkerSnapshot noInfo = new WorkerSnapshot("c", Map.of(), Map.of(), 0, 0, false, 0);
    List<WorkerSummary> s = WorkerSummary.of(new QueueSnapshot("q", "random", 0, 0, 0, NOW, 1,
        List.of(ejected, draining, noInfo)));

    assertThat(s).containsExactly(
        new WorkerSummary("a", "h1", "draining", 8, 1, 2, 0, null, 0, NOW - 1_000),
        new WorkerSummary("b", "h2", "ejected", 4, 2, 4, 3, 2.5005, NOW + 5_000, NOW),
        new WorkerSummary("c", null, "unknown", 0, 0, 0, 0, null, 0, 0));
  }
}
