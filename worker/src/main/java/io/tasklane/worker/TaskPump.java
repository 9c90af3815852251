package io.tasklane.worker;

import io.tasklane.error.TasklaneException;
import io.tasklane.redis.Completion;
import io.tasklane.redis.TaskQueue;
import io.tasklane.retry.Backoff;
import io.tasklane.task.ClaimedTask;
import io.tasklane.task.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The claim/complete loop, on one platform thread. Owns the worker's traffic with its inbox: it
 * sends every outcome waiting at that moment in one complete call, which also claims tasks for
 * the free slots; with no outcomes but a wake-up (pub/sub, heartbeat, start, poll timer) it
 * claims alone. It asks for as many tasks as the runner has room for (free slots, and tasks
 * claimed ahead of them while tasks are short), and tells the runner how long each call took,
 * which sizes the tasks claimed ahead ({@link ClaimAhead}). Up to {@link #MAX_IN_FLIGHT} calls
 * are on their way at once, so Redis runs one while the worker handles the reply of the other; slots asked for by a call in flight are not
 * offered again. Replies are handled on this thread, so its state needs no lock. A failed call
 * keeps its outcomes for a retry with backoff. It sleeps when there is nothing to do.
 */
final class TaskPump implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TaskPump.class);
  /** Claim/complete calls on their way to Redis at once. */
  static final int MAX_IN_FLIGHT = 2;

  private final TaskQueue queue;
  private final String workerId;
  private final TaskRunner runner;
  private final Outcomes outcomes;
  private final long pollNanos;
  private final Backoff backoff;
  private final Thread thread;
  private final ConcurrentLinkedQueue<Call> replies = new ConcurrentLinkedQueue<>();
  private final List<Call> inFlight = new ArrayList<>();
  private final List<Outcome> pending = new ArrayList<>();
  private final AtomicBoolean claimWanted = new AtomicBoolean(true);
  private final AtomicLong stale = new AtomicLong();
  private volatile boolean sleeping;
  private volatile boolean draining;
  private volatile boolean closed;
  private int claimsInFlight;
  private long nextPollNanos;
  private long retryAtNanos;

  TaskPump(TaskQueue queue, String workerId, TaskRunner runner, Outcomes outcomes,
      Duration pollInterval, Backoff backoff) {
    this.queue = queue;
    this.workerId = workerId;
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

  /**
   * Tasks claimed for this worker and sent with its wake-up (it registered as taking pushes):
   * started at once on the caller's thread (the connection's), no claim call needed; released
   * back to the queue, attempt unused, once the worker drains. The worker leaves its channel
   * before it closes the pump; should one still come after that, deregister hands it back.
   */
  void pushed(List<ClaimedTask> tasks) {
    if (closed) return;
    for (ClaimedTask t : tasks) {
      if (draining) {
        outcomes.add(Outcome.released(t));
      } else {
        runner.run(t);
      }
    }
  }

  /** From now on claims nothing, but still sends outcomes. */
  void stopClaiming() {
    draining = true;
    signal();
  }

  /** Outcomes Redis rejected because the task had been given to someone else meanwhile. */
  long stale() {
    return stale.get();
  }

  /**
   * Stops the loop, waits for the calls in flight (tasks they claimed are not started: leaving
   * hands them back), then tries once more to send what is left.
   */
  @Override
  public void close() {
    closed = true;
    LockSupport.unpark(thread);
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    draining = true;
    for (Call call : List.copyOf(inFlight)) {
      try {
        call.done.get();
      } catch (InterruptedException e) {
        interrupted = true;
      } catch (ExecutionException e) {
        // the reply (or its failure) is in replies
      }
    }
    takeReplies();
    outcomes.drainTo(pending);
    if (!pending.isEmpty()) {
      try {
        Completion c = queue.complete(workerId, pending, 0);
        outcomes.sent(pending);
        stale.addAndGet(c.stale());
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
      boolean worked = takeReplies();
      try {
        while (send()) worked = true;
      } catch (RuntimeException e) {
        failed(e);
      }
      if (worked) {
        nextPollNanos = System.nanoTime() + pollNanos;
      } else {
        sleep();
      }
    }
  }

  /** Handles the replies that arrived: starts claimed tasks, keeps failed calls' outcomes. */
  private boolean takeReplies() {
    boolean any = false;
    for (Call call; (call = replies.poll()) != null; ) {
      any = true;
      inFlight.remove(call);
      claimsInFlight -= call.claimMax;
      if (call.failure != null) {
        pending.addAll(0, call.outcomes);
        if (call.claimMax > 0) claimWanted.set(true);
        failed(call.failure);
        continue;
      }
      if (backoff.failures() > 0) {
        log.info("Redis answers again after {} failed calls", backoff.failures());
        backoff.reset();
      }
      outcomes.sent(call.outcomes);
      Completion c = call.reply;
      if (c.stale() > 0) stale.addAndGet(c.stale());
      // Every slot asked for was filled: more tasks may wait.
      if (call.claimMax > 0 && c.claimed().size() >= call.claimMax) claimWanted.set(true);
      if (closed) continue;
      for (ClaimedTask t : c.claimed()) runner.run(t);
    }
    return any;
  }

  /** Sends one call when there is something to send and room in flight. */
  private boolean send() {
    if (inFlight.size() >= MAX_IN_FLIGHT || backingOff()) return false;
    outcomes.drainTo(pending);
    int free = draining ? 0 : Math.max(0, runner.room() - claimsInFlight);
    boolean complete = !pending.isEmpty();
    if (!complete && (free == 0 || !claimWanted.get())) return false;
    // Cleared before the call goes out: a wake-up arriving from now on asks for another claim,
    // since this one may reach Redis before the tasks it announces.
    if (free > 0) claimWanted.set(false);
    Call call = new Call(complete ? new ArrayList<>(pending) : List.of(), free);
    pending.clear();
    CompletableFuture<Completion> reply;
    try {
      reply = complete ? queue.completeAsync(workerId, call.outcomes, free)
          : queue.claimAsync(workerId, free).thenApply(claimed -> new Completion(0, 0, claimed));
    } catch (RuntimeException e) {
      pending.addAll(0, call.outcomes);
      if (free > 0) claimWanted.set(true);
      throw e;
    }
    inFlight.add(call);
    claimsInFlight += free;
    long sent = System.nanoTime();
    call.done = reply.whenComplete((c, failure) -> {
      if (failure == null) runner.roundTrip((System.nanoTime() - sent) / 1000);
      call.reply = c;
      call.failure = failure == null ? null : unwrap(failure);
      replies.add(call);
      LockSupport.unpark(thread);
    });
    return true;
  }

  private static RuntimeException unwrap(Throwable failure) {
    Throwable t = failure;
    while (t instanceof CompletionException && t.getCause() != null) t = t.getCause();
    return t instanceof RuntimeException re ? re : new TasklaneException(String.valueOf(t), t);
  }

  private boolean backingOff() {
    return backoff.failures() > 0 && System.nanoTime() - retryAtNanos < 0;
  }

  private void failed(RuntimeException e) {
    Duration wait = backoff.next();
    retryAtNanos = System.nanoTime() + wait.toNanos();
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

  /** Parks until a reply, an outcome or a wake-up arrives, the poll is due or a backoff ends. */
  private void sleep() {
    long until = nextPollNanos;
    if (backoff.failures() > 0 && retryAtNanos - until < 0) until = retryAtNanos;
    sleeping = true;
    try {
      if (!hasWork()) LockSupport.parkNanos(this, until - System.nanoTime());
    } finally {
      sleeping = false;
    }
  }

  private boolean hasWork() {
    if (closed || !replies.isEmpty()) return true;
    if (inFlight.size() >= MAX_IN_FLIGHT || backingOff()) return false;
    return outcomes.hasQueued() || !pending.isEmpty() || claimWanted.get() && !draining
        && runner.room() - claimsInFlight > 0;
  }

  /** Wakes the loop if it sleeps; cheap enough to call for every outcome. */
  private void signal() {
    if (sleeping) LockSupport.unpark(thread);
  }

  /** One call to Redis: the outcomes it carries and the slots it asked to fill. */
  private static final class Call {
    final List<Outcome> outcomes;
    final int claimMax;
    volatile CompletableFuture<Completion> done;
    volatile Completion reply;
    volatile RuntimeException failure;

    Call(List<Outcome> outcomes, int claimMax) {
      this.outcomes = outcomes;
      this.claimMax = claimMax;
    }
  }
}
