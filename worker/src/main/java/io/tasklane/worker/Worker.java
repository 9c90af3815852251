package io.tasklane.worker;

import io.tasklane.retry.Backoff;
import io.tasklane.cli.VersionProvider;
import io.tasklane.error.TasklaneException;
import io.tasklane.redis.Handback;
import io.tasklane.redis.Redis;
import io.tasklane.redis.TaskQueue;
import io.tasklane.redis.WorkerInfo;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker process: {@link #start()} connects, registers with its task types, subscribes to
 * wake-ups and starts its loops: the claim/complete pump, the heartbeat (which also reconciles)
 * and the recoverer; {@link #shutdown(Duration)} drains, releases the tasks claimed ahead of a
 * free slot, lets running tasks finish within the grace period, hands the rest back and stops
 * the loops in reverse order.
 */
public final class Worker {
  private static final Logger log = LoggerFactory.getLogger(Worker.class);

  private enum State { NEW, RUNNING, STOPPED }

  private final WorkerConfig config;
  private final HandlerRegistry handlers;
  private final Supplier<Redis> connector;
  private final Clock clock;
  private final WorkerInfo info;
  private State state = State.NEW;
  private Redis redis;
  private TaskQueue queue;
  private Outcomes outcomes;
  private TaskRunner runner;
  private TaskPump pump;
  private Heartbeater heartbeater;
  private Recoverer recoverer;

  /**
   * {@code connector} opens the Redis connection the worker owns and closes at shutdown; its
   * call timeout should be {@link WorkerConfig#redisTimeout()}.
   */
  public Worker(WorkerConfig config, HandlerRegistry handlers, Supplier<Redis> connector,
      Clock clock) {
    this.config = config;
    this.handlers = handlers;
    this.connector = connector;
    this.clock = clock;
    this.info = new WorkerInfo(config.id(), WorkerConfig.hostName(), ProcessHandle.current().pid(),
        config.concurrency(), config.weight(), VersionProvider.version(), true);
  }

  public String id() { return config.id(); }

  public WorkerConfig config() { return config; }

  /** Connects and registers, then runs tasks until {@link #shutdown(Duration)}. */
  public synchronized void start() {
    if (state != State.NEW) throw new IllegalStateException("worker " + id() + " was started");
    redis = connector.get();
    boolean registered = false;
    try {
      redis.warnIfMayEvict(log);
      queue = new TaskQueue(redis, config.queue(), clock);
      outcomes = new Outcomes();
      runner = new TaskRunner(handlers, id(), config.taskTimeout(), outcomes,
          config.concurrency(), config.prefetch());
      pump = new TaskPump(queue, id(), runner, outcomes,
          config.pollInterval(), Backoff.standard());
      // A claim reply can arrive at most one call timeout late; twice that is surely lost.
      heartbeater = new Heartbeater(queue, info, handlers.types(), config,
          config.redisTimeout().multipliedBy(2), pump::wake, this::heldTaskIds);
      recoverer = new Recoverer(queue, id(), config.recoverEvery(), clock,
          RandomGenerator.getDefault());
      queue.onAssigned(id(), pump::pushed, pump::wake);
      // The last Redis call of the start: once registered, the worker rides out any outage.
      int held = queue.register(info, config.ttl(), handlers.types());
      registered = true;
      pump.start();
      heartbeater.start();
      recoverer.start();
      state = State.RUNNING;
      log.info("worker {} registered on queue {} with concurrency {}, handlers: {}{}", id(),
          queue.name(), config.concurrency(), String.join(", ", handlers.types()),
          held > 0 ? " (" + held + " tasks held from an earlier run with this id)" : "");
    } catch (RuntimeException e) {
      state = State.STOPPED;
      if (recoverer != null) recoverer.close();
      if (heartbeater != null) heartbeater.close();
      if (pump != null) pump.close();
      if (runner != null) runner.close();
      if (registered) quietly("deregister", () -> queue.deregister(id()));
      redis.close();
      throw e;
    }
  }

  /**
   * Stops gracefully: 1) Redis assigns nothing new, 2) the pump claims nothing more, tasks
   * claimed ahead of a slot are released, and so are tasks still arriving with a wake-up until
   * the worker has left its channel, 3) running
   * tasks get up to {@code grace} to finish and their outcomes are sent, 4) the worker
   * deregisters, handing back unstarted and unfinished tasks, 5) everything closes. Returns
   * false, doing nothing, when the worker was not running.
   */
  public synchronized boolean shutdown(Duration grace) {
    if (state != State.RUNNING) return false;
    state = State.STOPPED;
    recoverer.close();
    heartbeater.leaving();
    quietly("drain", () -> queue.drain(id()));
    pump.stopClaiming();
    runner.releaseWaiting();
    // Out of placement, nothing sends it tasks any more; tasks sent before, still on their way,
    // arrive before the unsubscribe completes and are released while the pump still sends.
    quietly("unsubscribe", () -> {
      queue.stopOnAssigned(id());
      return null;
    });
    awaitRunningTasks(grace);
    int unfinished = runner.running();
    heartbeater.close();
    pump.close();
    Handback back = quietly("deregister", () -> queue.deregister(id()));
    runner.close();
    redis.close();
    log.info("worker {} stopped: {} succeeded, {} failed ({} timed out, {} failed for good), "
            + "{} stale outcomes; {}{}",
        id(), runner.succeeded(), runner.failed(), runner.timedOut(), runner.fatal(),
        pump.stale(),
        back == null ? "could not hand back its tasks"
            : "handed back " + back.returnedUnstarted() + " unstarted and "
                + back.returnedRunning() + " running tasks",
        unfinished == 0 ? "" : " (" + unfinished + " interrupted after the " + grace.toMillis()
            + " ms grace period)");
    return true;
  }

  /**
   * Tasks this worker holds: running, waiting for a slot, or finished with the outcome not
   * recorded yet.
   */
  private Collection<String> heldTaskIds() {
    // Runner first: a finishing task hands its outcome over before it leaves the runner.
    Set<String> ids = new LinkedHashSet<>(runner.heldIds());
    ids.addAll(outcomes.unsentIds());
    return ids;
  }


  /** Waits until running tasks have finished and their outcomes are recorded, or grace ends. */
  private void awaitRunningTasks(Duration grace) {
    long deadline = System.nanoTime() + grace.toNanos();
    try {
      if (runner.awaitIdle(deadline)) outcomes.awaitAllSent(deadline);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private <T> T quietly(String what, Supplier<T> call) {
    try {
      return call.get();
    } catch (TasklaneException e) {
      log.warn("{} failed while stopping worker {}: {}", what, id(), e.getMessage());
      return null;
    }
  }
}
