package io.tasklane.scheduler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.redis.QueueSnapshot;
import io.tasklane.redis.WorkerSnapshot;
import io.tasklane.scheduler.stats.QueueStats;
import io.tasklane.scheduler.stats.StatsService;
import io.tasklane.task.Json;
import io.tasklane.task.RunTimeHistogram;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatsOutputTest {
  private static final long NOW = 1_700_000_000_000L;

  private static QueueStats stats() {
    int bucket = RunTimeHistogram.bucketOf(2_000);
    WorkerSnapshot busy = new WorkerSnapshot("w-1",
        Map.of("host", "alpha", "state", "active", "started", Long.toString(NOW - 100_000)),
        Map.of("succeeded", "9", "failed", "3", "dead", "1", "stale", "2", "reclaimed", "5",
            "stolen", "4", "run_us_sum", "24000", "h" + bucket, "12"),
        2, 1, true, 10);
    WorkerSnapshot idle = new WorkerSnapshot("w-2",
        Map.of("host", "beta", "state", "active", "started", Long.toString(NOW - 100_000)),
        Map.of(), 0, 0, false, 0);
    WorkerSnapshot ejected = new WorkerSnapshot("w-3",
        Map.of("host", "gamma", "state", "ejected", "started", Long.toString(NOW - 100_000)),
        Map.of(), 0, 0, true, 0);
    return StatsService.compute(new QueueSnapshot("jobs", "round-robin", 4, 1, 0, NOW, 10,
        List.of(busy, idle, ejected)));
  }

  @Test
  void jsonHasEveryFieldOfTheSchema() {
    JsonNode j = StatsJson.of(stats());
    assertThat(j.properties()).extracting(Map.Entry::getKey).containsExactly("queue", "strategy",
        "taken_at", "window_s", "depths", "workers", "totals");
    assertThat(j.get("queue").asText()).isEqualTo("jobs");
    assertThat(j.get("strategy").asText()).isEqualTo("round-robin");
    assertThat(j.get("taken_at").asText()).isEqualTo("2023-11-14T22:13:20Z");
    assertThat(j.get("window_s").asInt()).isEqualTo(10);
    assertThat(Json.write(j.get("depths")))
        .isEqualTo("{\"backlog\":4,\"delayed\":1,\"dead\":0,"
            + "\"inboxes\":{\"w-1\":2,\"w-2\":0,\"w-3\":0}}");

    JsonNode w1 = j.get("workers").get(0);
    assertThat(w1.properties()).extracting(Map.Entry::getKey).containsExactly("id", "host",
        "state", "inflight", "inbox", "succeeded", "failed", "dead", "stale", "reclaimed",
        "stolen", "tps_window", "tps_lifetime", "run_ms");
    assertThat(w1.get("inflight").asLong()).isEqualTo(3);
    assertThat(w1.get("failed").asLong()).isEqualTo(3);
    assertThat(w1.get("dead").asLong()).isEqualTo(1);
    assertThat(w1.get("stale").asLong()).isEqualTo(2);
    assertThat(w1.get("reclaimed").asLong()).isEqualTo(5);
    assertThat(w1.get("stolen").asLong()).isEqualTo(4);
    assertThat(w1.get("tps_window").asDouble()).isEqualTo(1.0);
    assertThat(w1.get("tps_lifetime").asDouble()).isEqualTo(0.12);
    assertThat(w1.get("run_ms").get("mean").asDouble()).isEqualTo(2.0);
    assertThat(w1.get("run_ms").get("p50").asDouble()).isBetween(1.8, 2.2);

    JsonNode w2 = j.get("workers").get(1);
    assertThat(w2.get("state").asText()).isEqualTo("dead");
    assertThat(w2.get("run_ms").get("mean").isNull()).isTrue();
    assertThat(w2.get("run_ms").get("p99").isNull()).isTrue();
    assertThat(w2.get("tps_window").asDouble()).isZero();
    assertThat(w2.get("stolen").asLong()).isZero();
    assertThat(j.get("workers").get(2).get("state").asText()).isEqualTo("ejected");

    JsonNode totals = j.get("totals");
    assertThat(totals.properties()).extracting(Map.Entry::getKey).containsExactly("inflight",
        "inbox", "succeeded", "failed", "dead", "stale", "reclaimed", "stolen", "tps_window",
        "tps_lifetime", "run_ms");
    assertThat(totals.get("succeeded").asLong()).isEqualTo(9);
    assertThat(totals.get("dead").asLong()).isEqualTo(1);
    assertThat(totals.get("reclaimed").asLong()).isEqualTo(5);
    assertThat(totals.get("stolen").asLong()).isEqualTo(4);
  }

  @Test
  void tableHasAHeaderARowPerWorkerAndATotal() {
    String[] lines = StatsTable.of(stats()).split("\n");
    assertThat(lines[0]).isEqualTo("queue jobs  strategy round-robin  backlog 4  delayed 1  "
        + "dead 0  window 10s  at 2023-11-14T22:13:20Z");
    assertThat(lines[1]).isEmpty();
    assertThat(lines[2]).startsWith("WORKER  HOST   STATE    IN-FLIGHT  INBOX  SUCCEEDED  FAILED"
        + "  DEAD  STALE  RECLAIMED  STOLEN  ");
    assertThat(lines[3]).startsWith("w-1     alpha  active           3      2          9       3"
        + "     1      2          5       4  ");
    assertThat(lines[3]).contains("1.00", "0.12", "2.00");
    assertThat(lines[4]).startsWith("w-2     beta   dead             0").endsWith("-       -");
    assertThat(lines[5]).startsWith("w-3     gamma  ejected          0");
    assertThat(lines[6]).startsWith("TOTAL                           3      2          9       3"
        + "     1      2          5       4  ");
    assertThat(lines).hasSize(7);
    int width = lines[2].length();
    assertThat(lines[3]).hasSize(width);
    assertThat(lines[6]).hasSize(width);
  }
}
