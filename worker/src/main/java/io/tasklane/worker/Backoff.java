package io.tasklane.worker;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Capped exponential backoff with jitter for retrying Redis: the base starts at {@code min} and
 * doubles after each failure up to {@code max}; each wait is drawn from [base/2, base], so workers
 * that lost Redis together do not come back in lockstep.
 */
final class Backoff {
  static final Duration MIN = Duration.ofMillis(100);
  static final Duration MAX = Duration.ofSeconds(5);

  private final long minMillis;
  private final long maxMillis;
  private final RandomGenerator random;
  private int failures;

  Backoff(Duration min, Duration max, RandomGenerator random) {
    this.minMillis = min.toMillis();
    this.maxMillis = max.toMillis();
    this.random = random;
  }

  static Backoff standard() {
    return new Backoff(MIN, MAX, RandomGenerator.getDefault());
  }

  /** The wait before the next try, counting one more failure. */
  Duration next() {
    long base = minMillis << Math.min(failures, 30);
    if (base > maxMillis || base <= 0) base = maxMillis;
    failures++;
    long half = base / 2;
    return Duration.ofMillis(half + random.nextLong(base - half + 1));
  }

  /** Failures since the last {@link #reset()}. */
  int failures() {
    return failures;
  }

  void reset() {
    failures = 0;
  }
}
