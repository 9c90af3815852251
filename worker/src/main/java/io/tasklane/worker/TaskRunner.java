package io.tasklane.worker;

import io.tasklane.handler.TaskContext;
import io.tasklane.handler.TaskFailure;
import io.tasklane.handler.TaskHandler;
import io.tasklane.task.ClaimedTask;
import io.tasklane.task.Json;
import io.tasklane.task.Outcome;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs claimed tasks, each on its own virtual thread under its timeout, and turns each into an
 * {@link Outcome}:
 * <ul>
 *   <li>success: the handler returned JSON (null stands for JSON null);
 *   <li>failure, retried while attempts remain: the handler threw, returned text that is not
 *       JSON, or ran past its timeout (it is interrupted; whatever it returns later is dropped);
 *   <li>fatal, dead-lettered at once since no retry can mend it: no handler for the type, a task
 *       hash without its type or payload, a payload that is not JSON, a built-in's bad input, a
 *       handler's permanent {@link TaskFailure}.
 * </ul>
 * A task's slot is released when its outcome is known. Nothing a task does stops the worker.
 *
 * <p>Besides its {@code slots}, the runner holds claimed tasks waiting for a slot, as many as
 * {@link ClaimAhead} says for its tasks' mean run time (none for long tasks): when a slot frees,
 * the next task starts on it at once instead of after a round trip to Redis, which on short
 * tasks is a large share of a slot's time.
 */
final class TaskRunner implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TaskRunner.class);
  /** Longest error text recorded; a longer message is cut. */
  static final int MAX_ERROR_CHARS = 2000;
  /** Unknown task types warned about once each, up to this many. */
  private static final int MAX_WARNED_TYPES = 100;
  /** Timeouts are capped at a year: the deadline arithmetic must not overflow. */
  private static final long MAX_TIMEOUT_MS = TimeUnit.DAYS.toMillis(365);
  /** With no task running, the deadline thread still looks once an hour. */
  private static final long IDLE_SCAN_NANOS = TimeUnit.HOURS.toNanos(1);

  private final HandlerRegistry handlers;
  private final String workerId;
  private final long defaultTimeoutMs;
  private final Outcomes outcomes;
  private final int slots;
  private final ClaimAhead ahead;
  private final Thread deadlines;
  private final AtomicInteger running = new AtomicInteger();
  /** Claimed tasks waiting for a slot, oldest first; guarded by slotLock with running's rises. */
  private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
  private final Object slotLock = new Object();
  private boolean releasing;
  /** Exponentially weighted mean of recent run times; negative until a task has run. */
  private volatile long meanRunMicros = -1;
  private final Set<Execution> unreported = ConcurrentHashMap.newKeySet();
  private final Object idleMonitor = new Object();
  private final AtomicInteger idleWaiters = new AtomicInteger();
  /** When the deadline thread wakes next (System.nanoTime); a task due sooner wakes it. */
  private volatile long deadlineWake = Long.MAX_VALUE;
  private final Set<String> warnedTypes = ConcurrentHashMap.newKeySet();
  private final AtomicLong succeeded = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong timedOut = new AtomicLong();
  private final AtomicLong fatal = new AtomicLong();
  private volatile boolean closed;

  TaskRunner(HandlerRegistry handlers, String workerId, Duration defaultTimeout,
      Outcomes outcomes, int slots, int prefetch) {
    this.handlers = handlers;
    this.workerId = workerId;
    this.defaultTimeoutMs = Math.max(1, defaultTimeout.toMillis());
    this.outcomes = outcomes;
    this.slots = slots;
    this.ahead = new ClaimAhead(slots, prefetch);
    this.deadlines = Thread.ofPlatform().name("tasklane-task-timeouts").daemon(true)
        .start(this::watchDeadlines);
  }

  /**
   * Starts the task on a free slot, or keeps it for the first slot that frees (a task claimed
   * ahead); once {@link #releaseWaiting()} was called, such a task is released instead. Its
   * outcome goes to the outcomes queue. Never throws.
   */
  void run(ClaimedTask task) {
    long now = System.nanoTime();
    boolean release;
    synchronized (slotLock) {
      if (running.get() < slots) {
        running.incrementAndGet();
        release = false;
      } else if (!releasing) {
        waiting.add(new Waiting(task, now));
        return;
      } else {
        release = true;
      }
    }
    if (release) {
      outcomes.add(Outcome.released(task));
    } else {
      start(task, now);
    }
  }

  /**
   * From now on keeps no task waiting for a slot: the waiting ones, and any claimed later that
   * find no free slot, are released back to the queue with their attempt unused.
   */
  void releaseWaiting() {
    List<Waiting> back;
    synchronized (slotLock) {
      releasing = true;
      back = List.copyOf(waiting);
      waiting.clear();
    }
    for (Waiting t : back) outcomes.add(Outcome.released(t.task));
  }

  /**
   * How many more tasks the runner takes now: its free slots, plus room for tasks claimed ahead
   * while recent tasks were short.
   */
  int room() {
    int extra = ahead.tasks(meanRunMicros);
    synchronized (slotLock) {
      if (releasing) return Math.max(0, slots - running.get());
      return slots + extra - running.get() - waiting.size();
    }
  }

  /** Records how long a claim/complete call took: the tasks claimed ahead cover about one. */
  void roundTrip(long micros) {
    ahead.roundTrip(micros);
  }

  /** Runs the task on a slot already counted in {@code running}. */
  private void start(ClaimedTask task, long claimedNanos) {
    Execution e = new Execution(task, claimedNanos);
    unreported.add(e);
    try {
      String garbled = garbled(task);
      if (garbled != null) {
        e.finish(Outcome.fatal(task, garbled, 0), false);
        return;
      }
      TaskHandler handler = handlers.find(task.type());
      if (handler == null) {
        if (warnedTypes.size() < MAX_WARNED_TYPES && warnedTypes.add(task.type())) {
          log.warn("no handler for task type '{}' on worker {}: such tasks are dead-lettered",
              task.type(), workerId);
        }
        e.finish(Outcome.fatal(task, "no handler for task type '" + task.type() + "' on worker "
            + workerId, 0), false);
        return;
      }
      if (closed) throw new IllegalStateException("the worker is stopping");
      Thread thread = Thread.ofVirtual().name("task-" + task.id())
          .unstarted(() -> e.execute(handler));
      e.thread = thread;
      e.timeoutMs = task.timeoutMs() > 0 ? task.timeoutMs() : defaultTimeoutMs;
      e.deadlineNanos = e.startNanos + TimeUnit.MILLISECONDS.toNanos(
          Math.min(e.timeoutMs, MAX_TIMEOUT_MS));
      if (e.deadlineNanos - deadlineWake < 0) LockSupport.unpark(deadlines);
      thread.start();
    } catch (RuntimeException | Error failure) {
      // Only when closing or out of resources: the attempt fails, the worker goes on.
      e.finish(Outcome.failure(task, "worker " + workerId + " could not start the task: "
          + describe(failure), 0), false);
    }
  }

  /** Tasks whose slot is taken: started, outcome not known yet. */
  int running() {
    return running.get();
  }

  /** The IDs of the tasks the runner holds: started, or waiting for a slot. */
  List<String> heldIds() {
    List<String> ids = new ArrayList<>(running.get() + 4);
    synchronized (slotLock) {
      for (Waiting t : waiting) ids.add(t.task.id());
    }
    for (Execution e : unreported) ids.add(e.task.id());
    return ids;
  }

  long succeeded() { return succeeded.get(); }

  /** Failed attempts: timed-out and fatal ones included. */
  long failed() { return failed.get(); }

  long timedOut() { return timedOut.get(); }

  /** Attempts that ended in a fatal failure (dead-lettered whatever attempts remained). */
  long fatal() { return fatal.get(); }

  /**
   * Waits until every started task has handed its outcome to the queue, or until
   * {@code deadlineNanos} (System.nanoTime) passes; returns whether it got there.
   */
  boolean awaitIdle(long deadlineNanos) throws InterruptedException {
    idleWaiters.incrementAndGet();
    try {
      synchronized (idleMonitor) {
        while (!unreported.isEmpty()) {
          long left = deadlineNanos - System.nanoTime();
          if (left <= 0) return false;
          TimeUnit.NANOSECONDS.timedWait(idleMonitor, left);
        }
        return true;
      }
    } finally {
      idleWaiters.decrementAndGet();
    }
  }

  /** Interrupts the tasks still running; their outcomes are dropped (they were handed back). */
  @Override
  public void close() {
    closed = true;
    synchronized (slotLock) {
      waiting.clear();
    }
    for (Execution e : unreported) {
      Thread t = e.thread;
      if (t != null) t.interrupt();
    }
    LockSupport.unpark(deadlines);
  }

  /**
   * The deadline thread: times out overdue tasks and sleeps until the next deadline. It scans
   * twice per wake-up, publishing its wake time in between: a task started during the first
   * scan either is seen by the second or finds the published time later than its deadline and
   * wakes the thread.
   */
  private void watchDeadlines() {
    while (!closed) {
      long next = scanDeadlines();
      deadlineWake = next;
      long again = scanDeadlines();
      if (again - next < 0) {
        next = again;
        deadlineWake = next;
      }
      LockSupport.parkNanos(this, next - System.nanoTime());
    }
  }

  /** Times out the overdue tasks; returns the earliest deadline left (or an hour from now). */
  private long scanDeadlines() {
    long now = System.nanoTime();
    long next = now + IDLE_SCAN_NANOS;
    for (Execution e : unreported) {
      long due = e.deadlineNanos;
      if (due == 0) continue;
      if (due - now <= 0) {
        e.timeOut();
      } else if (due - next < 0) {
        next = due;
      }
    }
    return next;
  }

  /** "ExceptionClass: message", cut to {@link #MAX_ERROR_CHARS}. */
  static String describe(Throwable t) {
    String name = t.getClass().getSimpleName().isEmpty() ? t.getClass().getName()
        : t.getClass().getSimpleName();
    return cut(t.getMessage() == null ? name : name + ": " + t.getMessage());
  }

  /** Why a claimed task cannot run whatever the handler, or null when it can. */
  private static String garbled(ClaimedTask task) {
    if (task.type() == null) return "the task has no type: its hash in Redis is incomplete";
    if (task.payload() == null) return "the task has no payload: its hash in Redis is incomplete";
    return null;
  }

  /** The outcome of a handler that threw {@code t}. */
  private static Outcome thrown(ClaimedTask task, Throwable t, long micros) {
    if (t instanceof TaskFailure f) {
      String message = f.getMessage() == null || f.getMessage().isBlank() ? describe(f)
          : cut(f.getMessage());
      return f.permanent() ? Outcome.fatal(task, message, micros)
          : Outcome.failure(task, message, micros);
    }
    return Outcome.failure(task, describe(t), micros);
  }

  private static String cut(String text) {
    return text.length() <= MAX_ERROR_CHARS ? text
        : text.substring(0, MAX_ERROR_CHARS - 3) + "...";
  }

  /** A task claimed ahead of a free slot, and when its claim reply arrived. */
  private record Waiting(ClaimedTask task, long claimedNanos) {}

  /** One task's run: whichever of its end and its timeout comes first decides the outcome. */
  private final class Execution {
    final ClaimedTask task;
    /** When the claim reply brought it; before startNanos when it waited for a slot. */
    final long claimedNanos;
    final long startNanos = System.nanoTime();
    final AtomicBoolean done = new AtomicBoolean();
    volatile Thread thread;
    volatile long timeoutMs;
    /** System.nanoTime when the task times out; 0 while it is not running on a thread. */
    volatile long deadlineNanos;

    Execution(ClaimedTask task, long claimedNanos) {
      this.task = task;
      this.claimedNanos = claimedNanos;
    }

    void execute(TaskHandler handler) {
      Outcome outcome;
      String payloadProblem = Json.problem(task.payload());
      if (payloadProblem != null) {
        outcome = Outcome.fatal(task, "the payload is not valid JSON: " + payloadProblem, 0);
      } else {
        try {
          String result = handler.handle(
              new TaskContext(task.id(), task.type(), task.attempt(), task.payload()));
          long us = micros();
          if (result == null) {
            outcome = Outcome.success(task, "null", us);
          } else {
            String problem = Json.problem(result);
            outcome = problem == null ? Outcome.success(task, result, us)
                : Outcome.failure(task, "handler for task type '" + task.type()
                    + "' returned a result that is not valid JSON: " + problem, us);
          }
        } catch (Throwable t) {
          outcome = thrown(task, t, micros());
        }
      }
      finish(outcome, false);
    }

    void timeOut() {
      if (finish(Outcome.failure(task, "timed out after " + timeoutMs + " ms", micros()), true)) {
        thread.interrupt();
      }
    }

    /** Records the outcome unless one was recorded already; returns whether this one was. */
    boolean finish(Outcome outcome, boolean timedOutNow) {
      if (!done.compareAndSet(false, true)) return false;
      Waiting next;
      synchronized (slotLock) {
        next = waiting.poll();
        if (next == null) running.decrementAndGet();
      }
      // The slot passes straight to the next task claimed ahead, if one waits.
      if (next != null) start(next.task, next.claimedNanos);
      long mean = meanRunMicros;
      meanRunMicros = mean < 0 ? outcome.runMicros() : (mean * 4 + outcome.runMicros()) / 5;
      if (!closed) {
        count(outcome, timedOutNow);
        long held = TimeUnit.NANOSECONDS.toMillis(startNanos - claimedNanos);
        outcomes.add(held > 0 ? outcome.heldFor(held) : outcome);
      }
      unreported.remove(this);
      if (idleWaiters.get() > 0) {
        synchronized (idleMonitor) {
          idleMonitor.notifyAll();
        }
      }
      return true;
    }

    private void count(Outcome outcome, boolean timedOutNow) {
      (outcome.ok() ? succeeded : failed).incrementAndGet();
      if (outcome.kind() == Outcome.Kind.FATAL) fatal.incrementAndGet();
      if (timedOutNow) timedOut.incrementAndGet();
      if (log.isDebugEnabled()) {
        log.debug("task {} ({} attempt {}) {} in {} us", task.id(), task.type(), task.attempt(),
            outcome.ok() ? "succeeded" : timedOutNow ? "timed out"
                : outcome.kind() == Outcome.Kind.FATAL ? "failed for good" : "failed",
            outcome.runMicros());
      }
    }

    private long micros() {
      return (System.nanoTime() - startNanos) / 1_000;
    }
  }
}
