package io.tasklane.bench;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Counts finished tasks from the queue's events channel (one message per completion batch,
 * listing the task IDs), so the benchmark sees the end of a drain without reading any task:
 * Redis does no work for it beyond the PUBLISH the completion script does anyway. Records when
 * the first message came, when the count passed 10% and 90% of the goal, and when the last came.
 */
final class FinishWatch implements Consumer<List<String>> {
  private final long goal;
  private long count;
  private long firstNanos;
  private long lastNanos;
  private long tenthNanos;
  private long ninetiethNanos;
  private long armedNanos = System.nanoTime();

  FinishWatch(long goal) {
    this.goal = goal;
  }

  /** Marks the start of the work watched: the quiet time before a counter read counts from here. */
  synchronized void arm() {
    armedNanos = System.nanoTime();
  }

  @Override
  public synchronized void accept(List<String> ids) {
    long now = System.nanoTime();
    if (count == 0) firstNanos = now;
    long before = count;
    count += ids.size();
    lastNanos = now;
    if (before < goal / 10 && count >= goal / 10) tenthNanos = now;
    if (before < goal * 9 / 10 && count >= goal * 9 / 10) ninetiethNanos = now;
    if (count >= goal) notifyAll();
  }

  synchronized long count() { return count; }

  synchronized long firstNanos() { return firstNanos; }

  synchronized long lastNanos() { return lastNanos; }

  synchronized long tenthNanos() { return tenthNanos; }

  synchronized long ninetiethNanos() { return ninetiethNanos; }

  /**
   * Waits until the goal is reached. Pub/sub may drop messages, so after two quiet seconds it
   * asks {@code finishedInRedis} (a counter read) and ends when that has reached the goal.
   * Returns true when the events reached the goal, false when the counter read did.
   */
  boolean await(long timeoutNanos, LongSupplier finishedInRedis) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutNanos;
    while (true) {
      synchronized (this) {
        if (count >= goal) return true;
        long quietSince = count == 0 ? armedNanos : lastNanos;
        long now = System.nanoTime();
        if (now - deadline >= 0) {
          throw new IllegalStateException("only " + count + " of " + goal
              + " tasks finished in time");
        }
        if (now - quietSince < 2_000_000_000L) {
          wait(Math.max(1, Math.min(500, (deadline - now) / 1_000_000)));
          continue;
        }
      }
      if (finishedInRedis.getAsLong() >= goal) {
        synchronized (this) {
          return count >= goal;
        }
      }
      Thread.sleep(500);
    }
  }
}
