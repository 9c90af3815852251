package io.tasklane.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.task.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads {@code RESULT {json}} lines and prints one table of medians per workload and figure,
 * with the range of the runs and the target where there is one (met by the median, and by how
 * many of the runs), then the medians as one {@code SUMMARY {json}} line.
 */
final class Summary {
  private Summary() {}

  /** One reported figure: a path into the RESULT JSON, its title, and its target if any. */
  record Metric(String path, String title, Double atLeast, Double atMost) {
    static Metric of(String path, String title) { return new Metric(path, title, null, null); }
    static Metric min(String path, String title, double v) {
      return new Metric(path, title, v, null);
    }

    static Metric max(String path, String title, double v) {
      return new Metric(path, title, null, v);
    }

    String target() {
      if (atLeast != null) return ">= " + format(atLeast);
      if (atMost != null) return "<= " + format(atMost);
      return "";
    }

    boolean meets(double v) { return atLeast != null ? v >= atLeast : v <= atMost; }

    /** "yes" or "no" for the median, then how many of the runs met the target on their own. */
    String met(double median, List<Double> runs) {
      if (atLeast == null && atMost == null) return "";
      long ok = runs.stream().filter(this::meets).count();
      return (meets(median) ? "yes" : "no") + " (" + ok + "/" + runs.size() + ")";
    }
  }

  static final Map<String, List<Metric>> METRICS = Map.of(
      "throughput", List.of(
          Metric.min("enqueue_tasks_per_s", "enqueue, tasks/s", 45_000),
          Metric.min("process_tasks_per_s", "process, tasks/s", 30_000),
          Metric.of("process_tasks_per_s_10_90", "process, tasks/s, 10%-90%"),
          Metric.max("redis_cpu_us_per_task", "Redis CPU, us/task", 20),
          Metric.of("worker_cpu_us_per_task", "worker CPU, us/task"),
          Metric.of("redis_cmds_per_task", "Redis commands/task"),
          Metric.of("redis_script_calls_per_task", "script calls/task"),
          Metric.max("redis_bytes_per_task_kept", "Redis bytes/finished task kept", 250),
          Metric.of("machine_busy_cores", "machine busy cores"),
          Metric.of("foreign_cpu_cores", "other programs' CPU, cores")),
      "latency", List.of(
          Metric.max("ms.start.p50", "submit->start p50, ms", 0.5),
          Metric.max("ms.start.p99", "submit->start p99, ms", 2),
          Metric.of("ms.start.max", "submit->start max, ms"),
          Metric.max("ms.result.p50", "submit->result p50, ms", 1),
          Metric.max("ms.result.p99", "submit->result p99, ms", 3),
          Metric.of("ms.result.max", "submit->result max, ms"),
          Metric.of("ms.submit_rtt.p50", "submit call p50, ms"),
          Metric.of("foreign_cpu_cores", "other programs' CPU, cores")),
      "scale", List.of(
          Metric.of("submit_tasks_per_s", "submit, tasks/s"),
          Metric.of("redis_cpu_us_per_task", "Redis CPU, us/task"),
          Metric.of("redis_cmds_per_task", "Redis commands/task"),
          Metric.of("foreign_cpu_cores", "other programs' CPU, cores")),
      "idle", List.of(
          Metric.max("cmds_per_s_per_worker", "commands/s per idle worker", 2),
          Metric.of("script_calls_per_s_per_worker", "script calls/s per idle worker"),
          Metric.of("with_dispatcher_cmds_per_s_per_worker",
              "with a dispatcher: commands/s per worker"),
          Metric.of("dispatcher_cmds_per_s", "the dispatcher alone: commands/s")));

  static final List<String> ORDER = List.of("throughput", "latency", "scale", "idle");

  static void print(List<Path> files) throws IOException { print(files, System.out); }

  static void print(List<Path> files, PrintStream out) throws IOException {
    Map<String, List<JsonNode>> byLabel = new LinkedHashMap<>();
    Map<String, String> modeOf = new LinkedHashMap<>();
    for (Path f : files) {
      for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
        if (!line.startsWith("RESULT ")) continue;
        JsonNode r = Json.tree(line.substring("RESULT ".length()));
        String label = r.path("label").asText(r.path("mode").asText());
        byLabel.computeIfAbsent(label, k -> new ArrayList<>()).add(r);
        modeOf.put(label, r.path("mode").asText());
      }
    }
    List<String> labels = new ArrayList<>(byLabel.keySet());
    labels.sort((a, b) -> {
      int c = Integer.compare(ORDER.indexOf(modeOf.get(a)), ORDER.indexOf(modeOf.get(b)));
      if (c != 0) return c;
      return 0; // keep the order the runs came in
    });
    String fmt = "%-44s %-42s %12s %-23s %4s %11s %s%n";
    out.printf(Locale.ROOT, fmt, "workload", "figure", "median", "range of the runs", "runs",
        "target", "met (runs)");
    out.printf(Locale.ROOT, fmt, "-".repeat(44), "-".repeat(42), "-".repeat(12), "-".repeat(23),
        "----", "-".repeat(11), "----------");
    Map<String, Object> summary = new LinkedHashMap<>();
    for (String label : labels) {
      List<JsonNode> runs = byLabel.get(label);
      Map<String, Object> medians = new LinkedHashMap<>();
      for (Metric m : METRICS.getOrDefault(modeOf.get(label), List.of())) {
        List<Double> vs = new ArrayList<>();
        for (JsonNode r : runs) {
          JsonNode v = at(r, m.path());
          if (v != null && v.isNumber()) vs.add(v.asDouble());
        }
        if (vs.isEmpty()) continue;
        double med = Results.median(vs.stream().mapToDouble(Double::doubleValue).toArray());
        medians.put(m.path(), Results.round(med));
        DoubleSummaryStatistics range = vs.stream().mapToDouble(Double::doubleValue)
            .summaryStatistics();
        out.printf(Locale.ROOT, fmt, label, m.title(), format(med),
            format(range.getMin()) + " - " + format(range.getMax()), vs.size(), m.target(),
            m.met(med, vs));
      }
      summary.put(label, medians);
    }
    out.println("SUMMARY " + Json.write(summary));
  }

  private static JsonNode at(JsonNode r, String path) {
    JsonNode n = r;
    for (String p : path.split("\\.")) {
      n = n.get(p);
      if (n == null) return null;
    }
    return n;
  }

  static String format(double v) {
    if (Double.isNaN(v)) return "-";
    if (Math.abs(v) >= 1000) return String.format(Locale.ROOT, "%,.0f", v);
    if (Math.abs(v) >= 100) return String.format(Locale.ROOT, "%.1f", v);
    return String.format(Locale.ROOT, "%.3f", v);
  }
}
