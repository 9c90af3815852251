package io.tasklane.bench;

import io.tasklane.task.Json;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Numbers and the {@code RESULT {json}} lines every run prints. */
final class Results {
  private Results() {}

  /** Three decimals: enough for every figure the benchmark reports. */
  static double round(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) return v;
    return Math.round(v * 1000.0) / 1000.0;
  }

  /** Nearest-rank percentile ({@code p} from 0 to 100) of unsorted values. */
  static double percentile(double[] values, double p) {
    if (values.length == 0) return Double.NaN;
    double[] s = values.clone();
    Arrays.sort(s);
    int rank = (int) Math.ceil(p / 100.0 * s.length) - 1;
    return s[Math.min(s.length - 1, Math.max(0, rank))];
  }

  /** The median: the middle value, or the mean of the two middle ones. */
  static double median(double[] values) {
    if (values.length == 0) return Double.NaN;
    double[] s = values.clone();
    Arrays.sort(s);
    int m = s.length / 2;
    return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2.0;
  }

  /** p50, p90, p99, max and mean of samples in milliseconds. */
  static Map<String, Object> distribution(double[] ms) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("p50", round(percentile(ms, 50)));
    m.put("p90", round(percentile(ms, 90)));
    m.put("p99", round(percentile(ms, 99)));
    m.put("max", round(percentile(ms, 100)));
    m.put("mean", round(Arrays.stream(ms).average().orElse(Double.NaN)));
    return m;
  }

  /** Prints one run's figures as {@code RESULT {json}} on standard output. */
  static void print(Map<String, Object> result) {
    System.out.println("RESULT " + Json.write(result));
    System.out.flush();
  }
}
