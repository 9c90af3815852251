package io.tasklane.scheduler;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;

/**
 * Sums the tasks the dispatcher assigned and yields a log line for them at most once per
 * period, so a busy dispatcher writes one line per period rather than one per call.
 */
final class AssignmentLog {
  private final Clock clock;
  private final long periodMs;
  private long total;
  private long pending;
  private long backlog;
  private long lastLine;
  private boolean logged;

  AssignmentLog(Clock clock, Duration period) {
    this.clock = clock;
    this.periodMs = period.toMillis();
    this.lastLine = clock.millis();
  }

  /** Records one dispatch call's outcome. */
  void record(int assigned, long backlogAfter) {
    if (assigned <= 0) return;
    pending += assigned;
    total += assigned;
    backlog = backlogAfter;
  }

  /**
   * The line summing what was assigned since the previous line (or since the start), or null
   * when nothing was assigned or the previous line is less than a period old.
   */
  String due() {
    if (pending == 0) return null;
    long now = clock.millis();
    if (logged && now - lastLine < periodMs) return null;
    String line = String.format(Locale.ROOT,
        "assigned %d task%s in the last %.1f s (%d since start); backlog %d",
        pending, pending == 1 ? "" : "s", Math.max(0, now - lastLine) / 1000.0, total, backlog);
    pending = 0;
    lastLine = now;
    logged = true;
    return line;
  }
}
