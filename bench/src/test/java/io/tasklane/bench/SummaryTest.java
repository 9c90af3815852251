package io.tasklane.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SummaryTest {
  private static String latency(double resultP99) {
    return "RESULT {\"mode\":\"latency\",\"label\":\"latency, idle\",\"ms\":{\"result\":"
        + "{\"p50\":0.4,\"p99\":" + resultP99 + "}}}";
  }

  private static String throughput(int enqueue) {
    return "RESULT {\"mode\":\"throughput\",\"label\":\"throughput, 1\","
        + "\"enqueue_tasks_per_s\":" + enqueue + "}";
  }

  private static List<String> table(Path dir, String... lines) throws Exception {
    Path f = dir.resolve("results.txt");
    Files.write(f, List.of(lines));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Summary.print(List.of(f), new PrintStream(bytes, true, StandardCharsets.UTF_8));
    return bytes.toString(StandardCharsets.UTF_8).lines().toList();
  }

  private static String row(List<String> table, String figure) {
    return table.stream().filter(l -> l.contains(figure)).findFirst().orElseThrow();
  }

  @Test
  void eachFigureHasItsMedianTheRangeOfTheRunsAndHowManyRunsMetItsTarget(@TempDir Path dir)
      throws Exception {
    List<String> t = table(dir, latency(4.0), throughput(60_000), latency(1.0), latency(2.5),
        throughput(40_000), throughput(50_000));

    // p99 of 1.0, 2.5 and 4.0 ms against at most 3: the median meets it, two runs of three do
    assertThat(row(t, "submit->result p99")).contains(" 2.500 ", "1.000 - 4.000", "<= 3.000",
        "yes (2/3)");
    assertThat(row(t, "submit->result p50")).contains("0.400 - 0.400", "yes (3/3)");
    // 40,000, 50,000 and 60,000 against at least 45,000
    assertThat(row(t, "enqueue, tasks/s")).contains(" 50,000 ", "40,000 - 60,000",
        ">= 45,000", "yes (2/3)");
    // throughput before latency, whatever the order of the runs
    assertThat(t.indexOf(row(t, "enqueue"))).isLessThan(t.indexOf(row(t, "submit->result")));
    assertThat(t.get(t.size() - 1)).startsWith("SUMMARY ").contains("\"ms.result.p99\":2.5",
        "\"enqueue_tasks_per_s\":50000.0");
  }

  @Test
  void anEvenCountOfRunsHasTheMeanOfTheMiddleTwoAndAFigureWithoutTargetNoVerdict(
      @TempDir Path dir) throws Exception {
    List<String> t = table(dir, throughput(40_000), throughput(70_000), throughput(50_000),
        throughput(60_000));
    assertThat(row(t, "enqueue, tasks/s")).contains(" 55,000 ", "40,000 - 70,000", "yes (3/4)");
    // a figure without a target: no target, no verdict; the runs are the row's last column
    List<String> l = table(dir, "RESULT {\"mode\":\"throughput\",\"label\":\"throughput, 1\","
        + "\"worker_cpu_us_per_task\":17.4}");
    assertThat(row(l, "worker CPU, us/task")).contains(" 17.400 ", "17.400 - 17.400")
        .doesNotContain("yes", "no (", ">=", "<=").endsWith("1" + " ".repeat(13));
  }

  @Test
  void aMedianThatMissesSaysNoWhateverTheBestRun(@TempDir Path dir) throws Exception {
    List<String> t = table(dir, latency(3.5), latency(0.9), latency(4.2));
    assertThat(row(t, "submit->result p99")).contains(" 3.500 ", "0.900 - 4.200", "no (1/3)");
  }
}
