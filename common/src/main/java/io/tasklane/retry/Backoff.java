package io.tasklane.retry;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Capped exponential backoff with jitter: the n-th delay in a row is drawn from the upper half
 * of min·2ⁿ, capped at max, so retries of many processes spread out. Used by every loop that
 * retries Redis (worker pump and heartbeat, dispatcher loops). Not thread-safe.
 */
public final class Backoff {
  /** The shortest delay of {@link #standard()}. */
  public static final Duration MIN = Duration.ofMillis(100);
  /** The longest delay of {@link #standard()}. */
  public static final Duration MAX = Duration.ofSeconds(5);

  private final long minMs;
  private final long maxMs;
  private final DoubleSupplier random;
  private int failures;

  /** {@code random} yields numbers in [0, 1). */
  public Backoff(Duration min, Duration max, DoubleSupplier random) {
    this.minMs = Math.max(1, min.toMillis());
    this.maxMs = Math.max(minMs, max.toMillis());
    this.random = random;
  }

  /** 100 ms doubling to 5 s, jittered from the thread's own random source. */
  public static Backoff standard() {
    return new Backoff(MIN, MAX, () -> ThreadLocalRandom.current().nextDouble());
  }

  /** The delay before the next retry; each call doubles the ceiling up to the cap. */
  public Duration next() {
    long ceiling = minMs << Math.min(failures, 30);
    if (ceiling <= 0 || ceiling > maxMs) ceiling = maxMs;
    failures++;
    long half = ceiling / 2;
    return Duration.ofMillis(ceiling - half + (long) (random.getAsDouble() * half));
  }

  /** Starts again from the shortest delay, after a success. */
  public void reset() {
    failures = 0;
  }

  /** Failures since the last success. */
  public int failures() {
    return failures;
  }
}
