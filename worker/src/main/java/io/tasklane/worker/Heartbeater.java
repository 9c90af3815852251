package io.tasklane.worker;

import io.tasklane.redis.Heartbeat;
import io.tasklane.redis.TaskQueue;
import io.tasklane.redis.WorkerInfo;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the worker alive in Redis: every interval it renews the heartbeat with its TTL, registers
 * again when Redis no longer knows the worker (restarted empty, or declared it gone), and wakes
 * the pump when tasks wait in the inbox: the slow poll that guarantees progress when every
 * pub/sub wake-up is lost. Errors are logged and the next beat tries again.
 */
final class Heartbeater implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Heartbeater.class);

  private final TaskQueue queue;
  private final WorkerInfo worker;
  private final Duration interval;
  private final Duration ttl;
  private final Runnable wakePump;
  private final ScheduledExecutorService timer;
  private volatile boolean leaving;
  private int failures;

  Heartbeater(TaskQueue queue, WorkerInfo worker, Duration interval, Duration ttl,
      Runnable wakePump) {
    this.queue = queue;
    this.worker = worker;
    this.interval = interval;
    this.ttl = ttl;
    this.wakePump = wakePump;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform()
        .name("tasklane-heartbeat").daemon(true).unstarted(r));
  }

  void start() {
    long ms = interval.toMillis();
    timer.scheduleWithFixedDelay(this::beat, ms, ms, TimeUnit.MILLISECONDS);
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
    try {
      tick();
      if (failures > 0) log.info("heartbeat works again after {} failed beats", failures);
      failures = 0;
    } catch (RuntimeException e) {
      if (failures++ == 0) log.warn("heartbeat failed, trying again every {} ms: {}",
          interval.toMillis(), e.getMessage());
      else log.debug("heartbeat failed again ({} times): {}", failures, e.getMessage());
    }
  }

  private void tick() {
    Heartbeat hb = queue.heartbeat(worker.id(), ttl);
    if (hb.mustRegister() && !leaving) {
      log.warn("queue '{}' no longer knows worker {}: registering again", queue.name(),
          worker.id());
      queue.register(worker, ttl);
      wakePump.run();
    } else if (hb.inboxLength() > 0) {
      wakePump.run();
    }
  }
}
