package io.tasklane.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class BackoffTest {
  @Test
  void doublesFromTheMinimumUpToTheCapWithJitter() {
    Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5),
        RandomGenerator.of("L64X128MixRandom"));
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
