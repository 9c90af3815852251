package io.tasklane.worker;

import io.tasklane.retry.Backoff;
import io.tasklane.redis.Heartbeat;
import io.tasklane.redis.TaskQueue;
import io.tasklane.redis.WorkerInfo;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the worker alive in Redis: renews the heartbeat every interval (sooner, with jittered
 * backoff, after a failed beat), registers again with its task types when Redis no longer knows
 * the worker, wakes the pump when tasks wait in the inbox (progress when pub/sub wake-ups are
 * lost), and reconciles: when Redis's active set and the tasks the worker holds differ twice in
 * a row, or once a minute while that set is not empty, it takes back claims the worker never
 * got (their reply was lost).
 */
final class Heartbeater implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Heartbeater.class);
  /** Reconciles this often even when the counts agree (an empty active set has nothing to give). */
  static final Duration RECONCILE_EVERY = Duration.ofSeconds(60);
  /** Beats in a row whose counts differ before reconciling. */
  static final int MISMATCHES_BEFORE_RECONCILE = 2;

  private final TaskQueue queue;
  private final WorkerInfo worker;
  private final List<String> types;
  private final Duration interval;
  private final Duration ttl;
  private final Duration reconcileGrace;
  private final Runnable wakePump;
  private final Supplier<Collection<String>> held;
  private final Backoff backoff;
  private final ScheduledExecutorService timer;
  private volatile boolean leaving;
  private int mismatches;
  private long lastReconcileNanos = System.nanoTime();

  /**
   * {@code held} gives the IDs of the tasks the worker holds: running, or finished with the
   * outcome not yet recorded. A claim older than {@code reconcileGrace} that is not among them
   * is taken back.
   */
  Heartbeater(TaskQueue queue, WorkerInfo worker, List<String> types, WorkerConfig config,
      Duration reconcileGrace, Runnable wakePump, Supplier<Collection<String>> held) {
    this.queue = queue;
    this.worker = worker;
    this.types = List.copyOf(types);
    this.interval = config.heartbeat();
    this.ttl = config.ttl();
    this.reconcileGrace = reconcileGrace;
    this.wakePump = wakePump;
    this.held = held;
    this.backoff = new Backoff(Backoff.MIN, interval, RandomGenerator.getDefault()::nextDouble);
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform()
        .name("tasklane-heartbeat").daemon(true).unstarted(r));
  }

  void start() {
    schedule(interval.toMillis());
  }

  /** The worker is shutting down: keep beating, but never register again. */
  void leaving() {
    leaving = true;
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      if (!timer.awaitTermination(interval.toMillis() + ttl.toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn("heartbeat thread did not stop in time");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void beat() {
    long next = interval.toMillis();
    try {
      tick();
      if (backoff.failures() > 0) {
        log.info("heartbeat works again after {} failed beats", backoff.failures());
        backoff.reset();
      }
    } catch (RuntimeException e) {
      next = backoff.next().toMillis();
      if (backoff.failures() == 1) {
        log.warn("heartbeat failed, retrying with backoff up to the {} ms interval: {}",
            interval.toMillis(), e.getMessage());
      } else {
        log.debug("heartbeat failed again ({} times): {}", backoff.failures(), e.getMessage());
      }
    } finally {
      schedule(next);
    }
  }

  private void tick() {
    Heartbeat hb = queue.heartbeat(worker.id(), ttl);
    if (hb.mustRegister()) {
      if (leaving) return;
      log.warn("queue '{}' no longer knows worker {}: registering again", queue.name(),
          worker.id());
      queue.register(worker, ttl, types);
      mismatches = 0;
      wakePump.run();
      return;
    }
    if (hb.inboxLength() > 0) wakePump.run();
    Collection<String> holding = held.get();
    mismatches = hb.activeCount() == holding.size() ? 0 : mismatches + 1;
    long now = System.nanoTime();
    if (mismatches >= MISMATCHES_BEFORE_RECONCILE
        || (hb.activeCount() > 0 && now - lastReconcileNanos >= RECONCILE_EVERY.toNanos())) {
      int taken = queue.reconcile(worker.id(), reconcileGrace, holding);
      mismatches = 0;
      lastReconcileNanos = now;
      if (taken > 0) {
        log.warn("took back {} task(s) Redis counted as running on worker {} but the worker "
            + "never received (a claim reply or a wake-up carrying tasks was lost)", taken,
            worker.id());
        wakePump.run();
      }
    }
  }

  private void schedule(long millis) {
    try {
      timer.schedule(this::beat, millis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException closing) {
      // close() stopped the timer: no more beats
    }
  }
}
