package io.tasklane.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.task.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Turns the RESULT lines of scripts/compare-strategies into one Markdown table. */
public final class CompareTable {
  private CompareTable() {}

  public static void main(String[] args) throws Exception {
    Map<String, JsonNode[]> rows = new LinkedHashMap<>();
    for (String line : Files.readAllLines(Path.of(args[0]))) {
      if (!line.startsWith("RESULT ")) continue;
      JsonNode n = Json.tree(line.substring(7));
      JsonNode[] r = rows.computeIfAbsent(n.get("label").asText(), k -> new JsonNode[2]);
      r[n.get("mode").asText().equals("batch") ? 0 : 1] = n;
    }
    System.out.println("| strategy | batch makespan ms | ideal ms | ratio to ideal "
        + "| batch tasks per worker (w1 w2 w3 w4-slow) | steady wait p50 ms | steady wait p99 ms "
        + "| steady tasks per worker |");
    System.out.println("|---|---|---|---|---|---|---|---|");
    for (Map.Entry<String, JsonNode[]> e : rows.entrySet()) {
      JsonNode b = e.getValue()[0];
      JsonNode s = e.getValue()[1];
      System.out.println("| " + e.getKey()
          + " | " + (b == null ? "" : b.get("makespan_ms").asText())
          + " | " + (b == null ? "" : b.get("ideal_ms").asText())
          + " | " + (b == null ? "" : String.format("%.2f", b.get("ratio_to_ideal").asDouble()))
          + " | " + (b == null ? "" : perWorker(b))
          + " | " + (s == null ? "" : s.get("wait_ms").get("p50").asText())
          + " | " + (s == null ? "" : s.get("wait_ms").get("p99").asText())
          + " | " + (s == null ? "" : perWorker(s)) + " |");
    }
  }

  private static String perWorker(JsonNode n) {
    StringBuilder b = new StringBuilder();
    for (String w : new String[] {"w1", "w2", "w3", "w4-slow"}) {
      if (b.length() > 0) b.append(' ');
      JsonNode c = n.get("per_worker").get(w);
      b.append(c == null ? 0 : c.asInt());
    }
    return b.toString();
  }
}
