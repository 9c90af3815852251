package io.tasklane.task;

import java.util.Map;
import java.util.TreeMap;

/**
 * Log-scale buckets for run times: bucket b holds times from 2^(b/8) to 2^((b+1)/8)
 * microseconds, so a percentile read from it is within about 9% of the true value. The
 * completion script adds one to a bucket per task; a reader sums bucket counts.
 */
public final class RunTimeHistogram {
  public static final int PER_OCTAVE = 8;

  private RunTimeHistogram() {}

  public static int bucketOf(long micros) {
    if (micros <= 1) return 0;
    return (int) Math.floor(Math.log(micros) / Math.log(2) * PER_OCTAVE);
  }

  /** The midpoint (geometric) of bucket b, in microseconds. */
  public static double valueOf(int bucket) {
    return Math.pow(2, (bucket + 0.5) / PER_OCTAVE);
  }

  /**
   * The q-quantile (0 &lt; q &lt;= 1) of the counts, in microseconds; NaN when empty.
   * The counts map bucket to number of tasks.
   */
  public static double quantile(Map<Integer, Long> counts, double q) {
    TreeMap<Integer, Long> sorted = new TreeMap<>(counts);
    long total = 0;
    for (long c : sorted.values()) total += c;
    if (total == 0) return Double.NaN;
    long rank = (long) Math.ceil(q * total);
    long seen = 0;
    for (Map.Entry<Integer, Long> e : sorted.entrySet()) {
      seen += e.getValue();
      if (seen >= rank) return valueOf(e.getKey());
    }
    return valueOf(sorted.lastKey());
  }
}
