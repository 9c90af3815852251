package io.tasklane.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void doublesUpToTheCapAndStartsOverAfterASuccess() {
    Backoff top = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), () -> 0.999999);
    long[] delays = new long[10];
    for (int i = 0; i < delays.length; i++) delays[i] = top.next().toMillis();
    assertThat(delays).containsExactly(99, 199, 399, 799, 1599, 3199, 4999, 4999, 4999, 4999);
    assertThat(top.failures()).isEqualTo(10);
    top.reset();
    assertThat(top.failures()).isZero();
    assertThat(top.next().toMillis()).isEqualTo(99);
  }

  @Test
  void jitterKeepsEachDelayInTheUpperHalf() {
    Backoff low = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), () -> 0.0);
    assertThat(low.next()).isEqualTo(Duration.ofMillis(50));
    assertThat(low.next()).isEqualTo(Duration.ofMillis(100));
    for (int i = 0; i < 40; i++) low.next();
    assertThat(low.next()).isEqualTo(Duration.ofMillis(2500));
  }

  @Test
  void theStandardOneDoublesFromTheMinimumUpToTheCapWithJitter() {
    Backoff b = Backoff.standard();
    long base = 100;
    for (int i = 0; i < 20; i++) {
      Duration d = b.next();
      assertThat(d.toMillis()).isBetween(base / 2, base);
      base = Math.min(base * 2, 5000);
    }
    assertThat(b.failures()).isEqualTo(20);

    b.reset();
    assertThat(b.next().toMillis()).isBetween(50L, 100L);
  }
}
