package io.tasklane.scheduler.cli;

import io.tasklane.scheduler.stats.Figures;
import io.tasklane.scheduler.stats.QueueStats;
import io.tasklane.scheduler.stats.WorkerStats;

/** The table form of result-stats: a header line, one row per worker and a TOTAL row. */
final class StatsTable {
  private StatsTable() {}

  static String of(QueueStats s) {
    String window = s.windowSeconds() + "s";
    String header = "queue " + s.queue() + "  strategy " + s.strategy()
        + "  backlog " + s.depths().backlog() + "  delayed " + s.depths().delayed()
        + "  dead " + s.depths().dead() + "  window " + window + "  at " + s.takenAt() + "\n\n";
    TextTable t = new TextTable("WORKER", "HOST", "STATE", ">IN-FLIGHT", ">INBOX", ">SUCCEEDED",
        ">FAILED", ">DEAD", ">STALE", ">RECLAIMED", ">STOLEN", ">TASKS/S " + window,
        ">TASKS/S LIFE", ">MEAN MS", ">P50 MS", ">P95 MS", ">P99 MS");
    for (WorkerStats w : s.workers()) row(t, w.id(), w.host(), w.state(), w.figures());
    row(t, "TOTAL", "", "", s.totals());
    return header + t.render();
  }

  private static void row(TextTable t, String id, String host, String state, Figures f) {
    t.add(id, host, state, Long.toString(f.inflight()), Long.toString(f.inbox()),
        Long.toString(f.succeeded()), Long.toString(f.failed()), Long.toString(f.dead()),
        Long.toString(f.stale()), Long.toString(f.reclaimed()), Long.toString(f.stolen()),
        Text.fixed(f.tpsWindow(), 2),
        Text.fixed(f.tpsLifetime(), 2), Text.millis(f.runMs().mean()),
        Text.millis(f.runMs().p50()), Text.millis(f.runMs().p95()),
        Text.millis(f.runMs().p99()));
  }
}
