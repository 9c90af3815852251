package io.tasklane.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LatencySamplesTest {
  @Test
  void everyMeasuredTaskIsOneLineInSubmitOrder(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("logs/r1-latency-samples.csv");
    LatencyBench.writeSamples(file, new long[] {1_000_000, 1_000_700},
        new double[] {0.2, 0.3}, new double[] {0.25, 4.5}, new double[] {0.5, 4.75});
    assertThat(Files.readAllLines(file)).containsExactly(
        "submit_epoch_us,submit_ms,start_ms,result_ms",
        "1000000,0.2,0.25,0.5",
        "1000700,0.3,4.5,4.75");
  }
}
