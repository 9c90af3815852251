package io.tasklane.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResultsTest {
  @Test
  void percentilesAreNearestRank() {
    double[] v = new double[100];
    for (int i = 0; i < 100; i++) v[i] = 100 - i; // 100 .. 1, unsorted

    assertThat(Results.percentile(v, 50)).isEqualTo(50);
    assertThat(Results.percentile(v, 99)).isEqualTo(99);
    assertThat(Results.percentile(v, 100)).isEqualTo(100);
    assertThat(Results.percentile(new double[] {7}, 99)).isEqualTo(7);
  }

  @Test
  void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
    assertThat(Results.median(new double[] {3, 1, 2})).isEqualTo(2);
    assertThat(Results.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
  }

  @Test
  void roundsToThreeDecimals() {
    assertThat(Results.round(1.23456)).isEqualTo(1.235);
    assertThat(Results.round(Double.NaN)).isNaN();
  }
}
