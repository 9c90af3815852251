package io.tasklane.scheduler.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tasklane.scheduler.stats.Figures;
import io.tasklane.scheduler.stats.QueueStats;
import io.tasklane.scheduler.stats.RunTimes;
import io.tasklane.scheduler.stats.WorkerStats;
import io.tasklane.task.Json;
import java.util.Map;

/** The JSON form of result-stats; README.md ("result-stats JSON") documents it. */
final class StatsJson {
  private StatsJson() {}

  static ObjectNode of(QueueStats s) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("queue", s.queue());
    o.put("strategy", s.strategy());
    o.put("taken_at", s.takenAt().toString());
    o.put("window_s", s.windowSeconds());
    ObjectNode depths = o.putObject("depths");
    depths.put("backlog", s.depths().backlog());
    depths.put("delayed", s.depths().delayed());
    depths.put("dead", s.depths().dead());
    ObjectNode inboxes = depths.putObject("inboxes");
    for (Map.Entry<String, Long> e : s.depths().inboxes().entrySet()) {
      inboxes.put(e.getKey(), e.getValue());
    }
    var workers = o.putArray("workers");
    for (WorkerStats w : s.workers()) {
      ObjectNode n = workers.addObject();
      n.put("id", w.id());
      n.put("host", w.host());
      n.put("state", w.state());
      figures(n, w.figures());
    }
    figures(o.putObject("totals"), s.totals());
    return o;
  }

  private static void figures(ObjectNode n, Figures f) {
    n.put("inflight", f.inflight());
    n.put("inbox", f.inbox());
    n.put("succeeded", f.succeeded());
    n.put("failed", f.failed());
    n.put("dead", f.dead());
    n.put("stale", f.stale());
    n.put("reclaimed", f.reclaimed());
    n.put("stolen", f.stolen());
    n.put("tps_window", Text.round(f.tpsWindow(), 3));
    n.put("tps_lifetime", Text.round(f.tpsLifetime(), 3));
    ObjectNode run = n.putObject("run_ms");
    RunTimes r = f.runMs();
    run.put("mean", Text.round(r.mean(), 3));
    run.put("p50", Text.round(r.p50(), 3));
    run.put("p95", Text.round(r.p95(), 3));
    run.put("p99", Text.round(r.p99(), 3));
  }
}
