package io.tasklane.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RunTimeHistogramTest {

  @Test
  void aBucketsMidpointIsWithinNinePercentOfAnyValueInIt() {
    for (long us : new long[] {2, 17, 999, 1000, 123_456, 3_600_000_000L}) {
      double mid = RunTimeHistogram.valueOf(RunTimeHistogram.bucketOf(us));
      assertThat(mid / us).isCloseTo(1.0, within(0.09));
    }
  }

  @Test
  void quantilesOfAUniformSampleAreClose() {
    Map<Integer, Long> counts = new HashMap<>();
    Random r = new Random(1);
    for (int i = 0; i < 100_000; i++) {
      long us = 1000 + r.nextInt(9000); // uniform 1 ms .. 10 ms
      counts.merge(RunTimeHistogram.bucketOf(us), 1L, Long::sum);
    }
    assertThat(RunTimeHistogram.quantile(counts, 0.5)).isCloseTo(5500, within(500.0));
    assertThat(RunTimeHistogram.quantile(counts, 0.99)).isCloseTo(9910, within(900.0));
    assertThat(RunTimeHistogram.quantile(Map.of(), 0.5)).isNaN();
  }
}
