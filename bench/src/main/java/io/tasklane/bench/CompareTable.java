package io.tasklane.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.task.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Turns the RESULT lines of scripts/compare-strategies into one Markdown table: per
 * configuration the median of its runs for each figure, and the per-worker counts of the run
 * whose figure is the median one (batch: the ratio to ideal; steady: the p99 wait).
 */
public final class CompareTable {
  private CompareTable() {}

  public static void main(String[] args) throws Exception {
    Map<String, List<JsonNode>> batch = new LinkedHashMap<>();
    Map<String, List<JsonNode>> steady = new LinkedHashMap<>();
    for (String line : Files.readAllLines(Path.of(args[0]))) {
      if (!line.startsWith("RESULT ")) continue;
      JsonNode n = Json.tree(line.substring(7));
      String label = n.get("label").asText();
      boolean isBatch = n.get("mode").asText().equals("batch");
      (isBatch ? batch : steady).computeIfAbsent(label, k -> new ArrayList<>()).add(n);
      (isBatch ? steady : batch).computeIfAbsent(label, k -> new ArrayList<>());
    }
    System.out.println("| strategy | runs | batch makespan ms | ideal ms | ratio to ideal "
        + "| batch tasks per worker (w1 w2 w3 w4-slow) | steady wait p50 ms | steady wait p99 ms "
        + "| steady tasks per worker |");
    System.out.println("|---|---|---|---|---|---|---|---|---|");
    for (String label : batch.keySet()) {
      List<JsonNode> b = batch.get(label);
      List<JsonNode> s = steady.get(label);
      System.out.println("| " + label
          + " | " + Math.max(b.size(), s.size())
          + " | " + median(b, n -> n.get("makespan_ms").asDouble(), "%.0f")
          + " | " + median(b, n -> n.get("ideal_ms").asDouble(), "%.0f")
          + " | " + median(b, n -> n.get("ratio_to_ideal").asDouble(), "%.2f")
          + " | " + perWorker(medianRun(b, n -> n.get("ratio_to_ideal").asDouble()))
          + " | " + median(s, n -> n.get("wait_ms").get("p50").asDouble(), "%.0f")
          + " | " + median(s, n -> n.get("wait_ms").get("p99").asDouble(), "%.0f")
          + " | " + perWorker(medianRun(s, n -> n.get("wait_ms").get("p99").asDouble())) + " |");
    }
  }

  static String median(List<JsonNode> runs, ToDoubleFunction<JsonNode> figure, String format) {
    if (runs.isEmpty()) return "";
    double[] v = runs.stream().mapToDouble(figure).toArray();
    return String.format(Locale.ROOT, format, Results.median(v));
  }

  /** The run whose figure is the median (the lower middle one for an even count). */
  static JsonNode medianRun(List<JsonNode> runs, ToDoubleFunction<JsonNode> figure) {
    if (runs.isEmpty()) return null;
    List<JsonNode> sorted = new ArrayList<>(runs);
    sorted.sort(Comparator.comparingDouble(figure));
    return sorted.get((sorted.size() - 1) / 2);
  }

  private static String perWorker(JsonNode n) {
    if (n == null) return "";
    StringBuilder b = new StringBuilder();
    for (String w : new String[] {"w1", "w2", "w3", "w4-slow"}) {
      if (b.length() > 0) b.append(' ');
      JsonNode c = n.get("per_worker").get(w);
      b.append(c == null ? 0 : c.asInt());
    }
    return b.toString();
  }
}
