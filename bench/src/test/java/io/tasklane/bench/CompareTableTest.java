package io.tasklane.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.task.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompareTableTest {
  private static JsonNode run(double ratio, int w1) {
    return Json.tree("{\"ratio_to_ideal\":" + ratio + ",\"per_worker\":{\"w1\":" + w1 + "}}");
  }

  @Test
  void theMedianOfThreeRunsAndThatRunsCounts() {
    List<JsonNode> runs = List.of(run(1.30, 10), run(1.10, 20), run(1.20, 30));

    assertThat(CompareTable.median(runs, n -> n.get("ratio_to_ideal").asDouble(), "%.2f"))
        .isEqualTo("1.20");
    assertThat(CompareTable.medianRun(runs, n -> n.get("ratio_to_ideal").asDouble())
        .get("per_worker").get("w1").asInt()).isEqualTo(30);
  }

  @Test
  void noRunsGiveAnEmptyCell() {
    assertThat(CompareTable.median(List.of(), n -> 0, "%.2f")).isEmpty();
    assertThat(CompareTable.medianRun(List.of(), n -> 0)).isNull();
  }
}
