package io.tasklane.worker;

import io.tasklane.retry.Backoff;
import io.tasklane.error.TasklaneException;
import io.tasklane.redis.Completion;
import io.tasklane.redis.TaskQueue;
import io.tasklane.task.ClaimedTask;
import io.tasklane.task.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The claim/complete loop, on one platform thread. Owns the worker's traffic with its inbox: it
 * sends every outcome waiting at that moment in one complete call, which also claims tasks for
 * the free slots; with no outcomes but a wake-up (pub/sub, heartbeat, start, poll timer) it
 * claims alone. It sleeps otherwise. Redis errors keep the outcomes for a retry with backoff.
 */
final class TaskPump implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TaskPump.class);

  private final TaskQueue queue;
  private final String workerId;
  private final int concurrency;
  private final TaskRunner runner;
  private final Outcomes outcomes;
  private final long pollNanos;
  private final Backoff backoff;
  private final Thread thread;
  private final List<Outcome> pending = new ArrayList<>();
  private final AtomicBoolean claimWanted = new AtomicBoolean(true);
  private volatile boolean draining;
  private volatile boolean closed;
  private long nextPollNanos;
  private long stale;

  TaskPump(TaskQueue queue, String workerId, int concurrency, TaskRunner runner, Outcomes outcomes,
      Duration pollInterval, Backoff backoff) {
    this.queue = queue;
    this.workerId = workerId;
    this.concurrency = concurrency;
    this.runner = runner;
    this.outcomes = outcomes;
    this.pollNanos = pollInterval.toNanos();
    this.backoff = backoff;
    this.thread = Thread.ofPlatform().name("tasklane-pump").daemon(true).unstarted(this::loop);
  }

  void start() {
    outcomes.onAdd(this::signal);
    thread.start();
  }

  /** Asks for a claim: tasks may wait in the inbox. Safe from any thread. */
  void wake() {
    claimWanted.set(true);
    signal();
  }

  /** From now on claims nothing, but still sends outcomes. */
  void stopClaiming() {
    draining = true;
    signal();
  }

  /** Outcomes Redis rejected because the task had been given to someone else meanwhile. */
  synchronized long stale() {
    return stale;
  }

  /** Stops the loop, then tries once more to send what is left. */
  @Override
  public void close() {
    closed = true;
    signal();
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    draining = true;
    outcomes.drainTo(pending);
    if (!pending.isEmpty()) {
      try {
        send(0);
      } catch (RuntimeException e) {
        log.warn("{} task outcomes were not recorded; their tasks will run again: {}",
            pending.size(), e.getMessage());
      }
    }
    if (interrupted) Thread.currentThread().interrupt();
  }

  private void loop() {
    nextPollNanos = System.nanoTime() + pollNanos;
    while (!closed) {
      long now = System.nanoTime();
      if (now - nextPollNanos >= 0) {
        claimWanted.set(true);
        nextPollNanos = now + pollNanos;
      }
      boolean worked;
      try {
        worked = tick();
        if (backoff.failures() > 0) {
          log.info("Redis answers again after {} failed calls", backoff.failures());
          backoff.reset();
        }
      } catch (RuntimeException e) {
        Duration wait = backoff.next();
        logFailure(e, wait);
        pause(wait.toNanos());
        continue;
      }
      if (worked) {
        nextPollNanos = System.nanoTime() + pollNanos;
      } else {
        LockSupport.parkNanos(this, nextPollNanos - System.nanoTime());
      }
    }
  }

  /** One round: send outcomes and claim, or claim alone; false when there was nothing to do. */
  private boolean tick() {
    outcomes.drainTo(pending);
    int free = draining ? 0 : Math.max(0, concurrency - runner.running());
    List<ClaimedTask> claimed;
    if (!pending.isEmpty()) {
      claimWanted.set(false);
      claimed = send(free);
    } else if (free > 0 && claimWanted.getAndSet(false)) {
      try {
        claimed = queue.claim(workerId, free);
      } catch (RuntimeException e) {
        claimWanted.set(true);
        throw e;
      }
    } else {
      return false;
    }
    for (ClaimedTask t : claimed) runner.run(t);
    return true;
  }

  /** Sends every pending outcome in one call; returns the tasks it claimed too. */
  private List<ClaimedTask> send(int claimMax) {
    Completion c = queue.complete(workerId, pending, claimMax);
    outcomes.sent(pending);
    pending.clear();
    synchronized (this) {
      stale += c.stale();
    }
    return c.claimed();
  }

  private void signal() {
    LockSupport.unpark(thread);
  }

  /** Waits out a backoff; outcomes arriving meanwhile do not cut it short, closing does. */
  private void pause(long nanos) {
    long until = System.nanoTime() + nanos;
    for (long left = nanos; left > 0 && !closed; left = until - System.nanoTime()) {
      LockSupport.parkNanos(this, left);
    }
  }

  private void logFailure(RuntimeException e, Duration wait) {
    if (backoff.failures() > 1) {
      log.debug("Redis call failed again ({} times), retrying in {} ms: {}", backoff.failures(),
          wait.toMillis(), e.getMessage());
    } else if (e instanceof TasklaneException) {
      log.warn("claim/complete call failed, {} outcomes kept, retrying with backoff: {}",
          outcomes.unsent(), e.getMessage());
    } else {
      log.error("unexpected failure in the claim loop, retrying with backoff", e);
    }
  }
}
