package io.tasklane.worker;

import io.tasklane.redis.Promotion;
import io.tasklane.redis.Reclaim;
import io.tasklane.redis.TaskQueue;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The queue's fallback recovery, so that workers alone keep every task moving: on a slow timer,
 * each wait drawn from [0.5, 1.5] times the interval so workers do not call in step, it takes
 * back the tasks of workers whose heartbeat expired and moves due retries to the backlog. Both
 * calls are safe from any number of processes at once. Errors are logged once per outage.
 */
final class Recoverer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Recoverer.class);
  static final int RECLAIM_LIMIT = 100;
  static final int PROMOTE_LIMIT = 1000;

  private final TaskQueue queue;
  private final long everyMillis;
  private final RandomGenerator random;
  private final ScheduledExecutorService timer;
  private int failures;

  Recoverer(TaskQueue queue, Duration every, RandomGenerator random) {
    this.queue = queue;
    this.everyMillis = Math.max(1, every.toMillis());
    this.random = random;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform()
        .name("tasklane-recoverer").daemon(true).unstarted(r));
  }

  void start() {
    schedule(nextWait());
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      if (!timer.awaitTermination(10, TimeUnit.SECONDS)) {
        log.warn("recovery thread did not stop in time");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    long wait = nextWait();
    try {
      if (tick()) wait = 0;
      if (failures > 0) log.info("recovery works again after {} failed rounds", failures);
      failures = 0;
    } catch (RuntimeException e) {
      if (failures++ == 0) {
        log.warn("recovery (reclaiming dead workers, promoting retries) failed, trying again "
            + "every {} ms or so: {}", everyMillis, e.getMessage());
      } else {
        log.debug("recovery failed again ({} times): {}", failures, e.getMessage());
      }
    } finally {
      schedule(wait);
    }
  }

  /** One round; true when a limit was reached and more may be waiting. */
  private boolean tick() {
    Reclaim r = queue.reclaim(RECLAIM_LIMIT);
    if (r.workers() > 0) {
      log.info("reclaimed {} dead worker(s) of queue '{}': {} tasks requeued, {} dead-lettered",
          r.workers(), queue.name(), r.requeued(), r.deadLettered());
    }
    Promotion p = queue.promote(PROMOTE_LIMIT);
    if (p.promoted() > 0) {
      log.info("promoted {} due task(s) of queue '{}' to the backlog", p.promoted(),
          queue.name());
    }
    return r.workers() >= RECLAIM_LIMIT || p.promoted() >= PROMOTE_LIMIT;
  }

  /** Uniform in [0.5, 1.5] times the interval. */
  private long nextWait() {
    return everyMillis / 2 + random.nextLong(everyMillis + 1);
  }

  private void schedule(long millis) {
    try {
      timer.schedule(this::run, millis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException closing) {
      // close() stopped the timer: no more rounds
    }
  }
}
