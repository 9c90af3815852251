package io.tasklane.scheduler.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** Formatting shared by the commands' output: times, durations, rates, one-line messages. */
final class Text {
  private Text() {}

  /** Epoch milliseconds as ISO-8601 UTC, or "-" for 0 (not reached). */
  static String iso(long epochMs) {
    return epochMs <= 0 ? "-" : Instant.ofEpochMilli(epochMs).toString();
  }

  /** A duration the way the options take it: 500ms, 2s, 1m30s, 1h. */
  static String duration(Duration d) {
    long ms = d.toMillis();
    if (ms < 1000) return ms + "ms";
    StringBuilder b = new StringBuilder();
    long h = ms / 3_600_000, m = ms / 60_000 % 60, s = ms / 1000 % 60, rest = ms % 1000;
    if (h > 0) b.append(h).append('h');
    if (m > 0) b.append(m).append('m');
    if (s > 0 || rest > 0) {
      b.append(s);
      if (rest > 0) b.append(String.format(Locale.ROOT, ".%03d", rest).replaceAll("0+$", ""));
      b.append('s');
    }
    return b.toString();
  }

  static String fixed(double v, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  /** Milliseconds with about three significant digits; "-" when undefined. */
  static String millis(Double ms) {
    if (ms == null) return "-";
    if (ms >= 100) return fixed(ms, 0);
    if (ms >= 10) return fixed(ms, 1);
    return fixed(ms, 2);
  }

  /** Rounds for JSON output; null stays null. */
  static Double round(Double v, int decimals) {
    if (v == null || v.isNaN() || v.isInfinite()) return null;
    double f = Math.pow(10, decimals);
    return Math.round(v * f) / f;
  }

  /** The text on one line: line breaks (and the blanks around them) become " | ". */
  static String oneLine(String s) {
    if (s == null) return "";
    return s.strip().replaceAll("\\s*\\R\\s*", " | ");
  }

  static String plural(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
