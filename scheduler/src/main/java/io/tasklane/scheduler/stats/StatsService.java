package io.tasklane.scheduler.stats;

import io.tasklane.error.InvalidInputException;
import io.tasklane.redis.Keys;
import io.tasklane.redis.QueueSnapshot;
import io.tasklane.redis.TaskQueue;
import io.tasklane.redis.WorkerSnapshot;
import io.tasklane.task.RunTimeHistogram;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a queue snapshot (per-worker counters, run-time histograms and per-second completion
 * counts) into throughput and run-time figures. Costs O(workers × window seconds), never
 * O(tasks): nothing here reads a task.
 *
 * <p>Throughput over the window divides the tasks finished in it by the window, or by the
 * worker's age when it started less than a window ago. Lifetime throughput divides every task
 * it finished by the time from its start to its stop (its last heartbeat when it died, now while
 * it runs). A worker ID that ran before keeps its counters across restarts, so its start counts
 * from its first completion when that is earlier.
 */
public final class StatsService {
  public static final Duration MIN_WINDOW = Duration.ofSeconds(1);
  public static final Duration MAX_WINDOW = Duration.ofSeconds(Keys.THROUGHPUT_SLOTS);

  private final TaskQueue queue;

  public StatsService(TaskQueue queue) {
    this.queue = queue;
  }

  /** Reads the queue's figures, with throughput over the last {@code window} (whole seconds). */
  public QueueStats read(Duration window) {
    return compute(queue.snapshot(checkWindow(window)));
  }

  /** Returns the window in whole seconds, or throws when it is outside 1 s to 1 h. */
  public static int checkWindow(Duration window) {
    if (window.compareTo(MIN_WINDOW) < 0 || window.compareTo(MAX_WINDOW) > 0) {
      String given = window.toMillis() % 1000 == 0 ? window.toSeconds() + "s"
          : window.toMillis() + "ms";
      throw new InvalidInputException("invalid window " + given + ": use from 1s to "
          + Keys.THROUGHPUT_SLOTS / 3600 + "h");
    }
    return (int) window.toSeconds();
  }

  /** The figures of a snapshot; workers sorted by ID. */
  public static QueueStats compute(QueueSnapshot s) {
    List<WorkerSnapshot> sorted = new ArrayList<>(s.workers());
    sorted.sort(Comparator.comparing(WorkerSnapshot::id));
    List<WorkerStats> workers = new ArrayList<>(sorted.size());
    Map<String, Long> inboxes = new LinkedHashMap<>();
    Map<Integer, Long> mergedHistogram = new HashMap<>();
    long inflight = 0, inbox = 0, succeeded = 0, failed = 0, dead = 0, stale = 0, reclaimed = 0;
    long stolen = 0;
    long runMicros = 0;
    double tpsWindow = 0, tpsLifetime = 0;
    for (WorkerSnapshot w : sorted) {
      WorkerStats ws = worker(w, s.takenAtMs(), s.windowSeconds());
      workers.add(ws);
      inboxes.put(w.id(), w.inbox());
      Figures f = ws.figures();
      inflight += f.inflight();
      inbox += f.inbox();
      succeeded += f.succeeded();
      failed += f.failed();
      dead += f.dead();
      stale += f.stale();
      reclaimed += f.reclaimed();
      stolen += f.stolen();
      tpsWindow += f.tpsWindow();
      tpsLifetime += f.tpsLifetime();
      runMicros += number(w.counters(), "run_us_sum");
      histogram(w.counters()).forEach((b, n) -> mergedHistogram.merge(b, n, Long::sum));
    }
    Figures totals = new Figures(inflight, inbox, succeeded, failed, dead, stale, reclaimed,
        stolen, tpsWindow, tpsLifetime, runTimes(succeeded + failed, runMicros, mergedHistogram));
    return new QueueStats(s.queue(), s.strategy(), Instant.ofEpochMilli(s.takenAtMs()),
        s.windowSeconds(), new Depths(s.backlog(), s.delayed(), s.dead(), inboxes), workers,
        totals);
  }

  static WorkerStats worker(WorkerSnapshot w, long nowMs, int windowSeconds) {
    Map<String, String> info = w.info() == null ? Map.of() : w.info();
    Map<String, String> counters = w.counters() == null ? Map.of() : w.counters();
    String state = state(w);

    long succeeded = number(counters, "succeeded");
    long failed = number(counters, "failed");
    long done = succeeded + failed;
    long since = earliest(number(info, "started"), number(counters, "first"));

    double windowDivisor = windowSeconds;
    if (since > 0) windowDivisor = clamp((nowMs - since) / 1000.0, 1, windowSeconds);
    double tpsWindow = w.finishedInWindow() / windowDivisor;

    double tpsLifetime = 0;
    if (since > 0 && done > 0) {
      long end = number(info, "stopped");
      if (end == 0 && state.equals("dead")) end = number(info, "seen");
      if (end == 0) end = nowMs;
      tpsLifetime = done / Math.max(1.0, (end - since) / 1000.0);
    }

    Figures f = new Figures(w.inbox() + w.active(), w.inbox(), succeeded, failed,
        number(counters, "dead"), number(counters, "stale"), number(counters, "reclaimed"),
        number(counters, "stolen"), tpsWindow, tpsLifetime,
        runTimes(done, number(counters, "run_us_sum"), histogram(counters)));
    return new WorkerStats(w.id(), info.get("host"), state, f);
  }

  /**
   * The worker's state as stored (active, draining, ejected, dead or gone), except that one
   * whose heartbeat lapsed without deregistering is dead; unknown when its description is
   * missing.
   */
  public static String state(WorkerSnapshot w) {
    String state = w.info() == null ? null : w.info().get("state");
    if (state == null) return "unknown";
    boolean lapsed = !w.alive() && (state.equals("active") || state.equals("draining")
        || state.equals("ejected"));
    return lapsed ? "dead" : state;
  }

  /** Mean and percentiles in milliseconds of {@code done} runs; none when nothing finished. */
  static RunTimes runTimes(long done, long runMicrosSum, Map<Integer, Long> histogram) {
    if (done <= 0) return RunTimes.NONE;
    return new RunTimes(runMicrosSum / (double) done / 1000.0, quantileMs(histogram, 0.50),
        quantileMs(histogram, 0.95), quantileMs(histogram, 0.99));
  }

  private static Double quantileMs(Map<Integer, Long> histogram, double q) {
    double micros = RunTimeHistogram.quantile(histogram, q);
    return Double.isNaN(micros) ? null : micros / 1000.0;
  }

  /** The run-time histogram kept in a worker's counters as fields {@code h<bucket>}. */
  static Map<Integer, Long> histogram(Map<String, String> counters) {
    Map<Integer, Long> out = new HashMap<>();
    if (counters == null) return out;
    for (Map.Entry<String, String> e : counters.entrySet()) {
      String k = e.getKey();
      if (k.length() < 2 || k.charAt(0) != 'h' || !isDigits(k, 1)) continue;
      long n = parse(e.getValue());
      if (n > 0) out.merge(Integer.parseInt(k.substring(1)), n, Long::sum);
    }
    return out;
  }

  private static boolean isDigits(String s, int from) {
    if (s.length() - from > 9) return false;
    for (int i = from; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') return false;
    }
    return true;
  }

  private static long earliest(long a, long b) {
    if (a <= 0) return Math.max(b, 0);
    if (b <= 0) return a;
    return Math.min(a, b);
  }

  private static double clamp(double v, double min, double max) {
    return Math.max(min, Math.min(max, v));
  }

  /** A counter from a Redis hash: 0 when missing, empty or not a number. */
  static long number(Map<String, String> h, String field) {
    return h == null ? 0 : parse(h.get(field));
  }

  private static long parse(String v) {
    if (v == null || v.isEmpty()) return 0;
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
