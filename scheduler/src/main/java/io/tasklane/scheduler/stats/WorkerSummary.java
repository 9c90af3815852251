package io.tasklane.scheduler.stats;

import io.tasklane.redis.QueueSnapshot;
import io.tasklane.redis.WorkerSnapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * How one worker stands, for {@code workers list}: its description (host, concurrency, weight),
 * state (as {@link StatsService#state}), tasks in flight and in its inbox, the moving average of
 * its run times (null before it finished a task), until when it is ejected (0 unless its state
 * is ejected) and its last heartbeat (0 when unknown). Taken from a queue snapshot: no read of
 * its own.
 */
public record WorkerSummary(String id, String host, String state, long concurrency,
    long weight, long inflight, long inbox, Double ewmaRunMs, long ejectedUntil, long lastSeen) {

  /** Every worker of the snapshot, sorted by ID. */
  public static List<WorkerSummary> of(QueueSnapshot s) {
    List<WorkerSummary> out = new ArrayList<>(s.workers().size());
    for (WorkerSnapshot w : s.workers()) out.add(of(w));
    out.sort(Comparator.comparing(WorkerSummary::id));
    return out;
  }

  static WorkerSummary of(WorkerSnapshot w) {
    Map<String, String> info = w.info() == null ? Map.of() : w.info();
    String state = StatsService.state(w);
    String ewma = info.get("ewma_us");
    Double ewmaMs = null;
    if (ewma != null) {
      try {
        ewmaMs = Double.parseDouble(ewma) / 1000.0;
      } catch (NumberFormatException e) {
        // an unreadable average is shown as none
      }
    }
    return new WorkerSummary(w.id(), info.get("host"), state,
        StatsService.number(info, "concurrency"), StatsService.number(info, "weight"), w.inbox() + w.active(), w.inbox(), ewmaMs,
        state.equals("ejected") ? StatsService.number(info, "ejected_until") : 0,
        StatsService.number(info, "seen"));
  }
}
