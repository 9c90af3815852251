package io.tasklane.worker;

import io.tasklane.task.Outcome;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Outcomes of finished tasks on their way to Redis: tasks add them from their own threads, the
 * pump takes them all at once and reports when Redis has recorded them. Keeps what is unsent
 * (added, not yet recorded), by count and by task ID, so shutdown can wait until nothing is and
 * reconciliation knows the worker still holds those tasks.
 */
final class Outcomes {
  private final ConcurrentLinkedQueue<Outcome> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger unsent = new AtomicInteger();
  private final ConcurrentHashMap<String, Integer> unsentIds = new ConcurrentHashMap<>();
  private final Object sentMonitor = new Object();
  private volatile Runnable onAdd = () -> {};

  /** Calls {@code listener} after each {@link #add} (the pump wakes up). */
  void onAdd(Runnable listener) {
    this.onAdd = listener;
  }

  void add(Outcome outcome) {
    unsentIds.merge(outcome.id(), 1, Integer::sum);
    unsent.incrementAndGet();
    queue.add(outcome);
    onAdd.run();
  }

  /** Moves every queued outcome to {@code into}; returns how many. */
  int drainTo(List<Outcome> into) {
    int n = 0;
    for (Outcome o; (o = queue.poll()) != null; n++) into.add(o);
    return n;
  }

  boolean hasQueued() {
    return !queue.isEmpty();
  }

  /** Redis has recorded (or rejected as stale) these outcomes, taken with {@link #drainTo}. */
  void sent(List<Outcome> recorded) {
    for (Outcome o : recorded) unsentIds.computeIfPresent(o.id(), (id, n) -> n > 1 ? n - 1 : null);
    if (unsent.addAndGet(-recorded.size()) <= 0) {
      synchronized (sentMonitor) {
        sentMonitor.notifyAll();
      }
    }
  }

  int unsent() {
    return unsent.get();
  }

  /** The IDs of the tasks whose outcome is not recorded yet. */
  List<String> unsentIds() {
    return List.copyOf(unsentIds.keySet());
  }

  /** Waits until every added outcome was sent or {@code deadlineNanos} (System.nanoTime) passes. */
  boolean awaitAllSent(long deadlineNanos) throws InterruptedException {
    synchronized (sentMonitor) {
      while (unsent.get() > 0) {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) return false;
        TimeUnit.NANOSECONDS.timedWait(sentMonitor, left);
      }
      return true;
    }
  }
}
