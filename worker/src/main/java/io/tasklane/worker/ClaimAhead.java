package io.tasklane.worker;

/**
 * How many tasks a worker claims ahead of its free slots, so that a slot that frees starts its
 * next task at once instead of a Redis round trip later. Nothing is claimed ahead until a task
 * has run, nor while tasks average {@link #BELOW_MICROS} or more: a task waiting behind a long
 * one might have started elsewhere sooner.
 *
 * <p>A fixed count (the worker's {@code --prefetch N}) is used as given. By default the count
 * follows the work: as many tasks as the slots finish in one claim/complete round trip
 * ({@code slots × round trip / mean run time}, the round trip measured on the worker's own
 * calls), at least half the slots (one in reserve covers a slot freeing while its replacement
 * is on the way, and half the slots covers most; docs/benchmarks.md) and at most
 * {@link #MAX_FACTOR} times the slots (Celery's default prefetch multiplier). Tasks of a
 * millisecond or more rarely get past half the slots; tasks that take microseconds get the
 * most, which keeps the slots of a worker draining a backlog busy while its next batch is on
 * the way.
 */
final class ClaimAhead {
  /** Tasks are claimed ahead only while their mean run time is below this. */
  static final long BELOW_MICROS = 100_000;
  /** The adaptive count stays at or below this many times the slots. */
  static final int MAX_FACTOR = 4;
  /** {@code --prefetch} unset: the count adapts. */
  static final int ADAPTIVE = -1;

  private final int slots;
  private final int fixed;
  /** Exponentially weighted mean of recent round trips; negative until one is measured. */
  private volatile long roundTripMicros = -1;

  /** {@code prefetch}: a fixed count from 0, or {@link #ADAPTIVE}. */
  ClaimAhead(int slots, int prefetch) {
    this.slots = slots;
    this.fixed = prefetch;
  }

  /** Records how long a claim/complete call took, from sending it to its reply. */
  void roundTrip(long micros) {
    long m = roundTripMicros;
    roundTripMicros = m < 0 ? micros : (m * 7 + micros) / 8;
  }

  /** Tasks to hold ahead of the free slots, given the mean run time (negative: none ran yet). */
  int tasks(long meanRunMicros) {
    if (fixed == 0 || meanRunMicros < 0 || meanRunMicros >= BELOW_MICROS) return 0;
    if (fixed > 0) return fixed;
    int least = Math.max(1, slots / 2);
    long most = (long) slots * MAX_FACTOR;
    long rtt = roundTripMicros;
    if (rtt <= 0) return least;
    // slots × rtt / mean, rounded up; a mean of 0 µs counts as 1
    long n = ((long) slots * rtt + Math.max(1, meanRunMicros) - 1) / Math.max(1, meanRunMicros);
    return (int) Math.max(least, Math.min(most, n));
  }
}
