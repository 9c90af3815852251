package io.tasklane.worker;

import io.tasklane.redis.DispatchResult;
import io.tasklane.redis.Promotion;
import io.tasklane.redis.Reclaim;
import io.tasklane.redis.TaskQueue;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The queue's fallback recovery, so that workers alone keep every task moving: it takes back the
 * tasks of workers whose heartbeat expired, moves due retries to the backlog and assigns backlog
 * tasks nothing else placed. One worker of the pool does it per period: a round starts by taking
 * the queue's recovery turn for one interval, at most {@link #LONGEST_TURN} (one command); a
 * worker that does not get it tries again later, each wait drawn from [0.5, 1.5] times the
 * interval so workers do not call in step. The holder goes on within its turn while a limit was
 * reached or until the next retry is due, and asks for the next turn just after its own ends.
 * Every call is safe from any number of processes at once. Errors are logged once per outage.
 */
final class Recoverer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Recoverer.class);
  static final int RECLAIM_LIMIT = 100;
  static final int PROMOTE_LIMIT = 1000;
  static final int DISPATCH_LIMIT = 1000;
  /**
   * The longest a worker holds the recovery turn, whatever its interval, so that a worker set
   * to recover rarely does not keep the others from it.
   */
  static final Duration LONGEST_TURN = WorkerConfig.DEFAULT_RECOVER_EVERY;

  private final TaskQueue queue;
  private final String workerId;
  private final long everyMillis;
  private final long turnMillis;
  private final Clock clock;
  private final RandomGenerator random;
  private final ScheduledExecutorService timer;
  private int failures;
  private boolean holding;
  private long turnEndsNanos;

  Recoverer(TaskQueue queue, String workerId, Duration every, Clock clock,
      RandomGenerator random) {
    this.queue = queue;
    this.workerId = workerId;
    this.everyMillis = Math.max(1, every.toMillis());
    this.turnMillis = Math.min(everyMillis, LONGEST_TURN.toMillis());
    this.clock = clock;
    this.random = random;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform()
        .name("tasklane-recoverer").daemon(true).unstarted(r));
  }

  void start() {
    schedule(jitteredWait());
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
    long wait = jitteredWait();
    try {
      wait = tick();
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

  /** One round, or only the request for the turn; returns how long to wait, in ms. */
  private long tick() {
    if (!holding || System.nanoTime() - turnEndsNanos >= 0) {
      holding = false;
      if (!queue.takeRecoveryTurn(workerId, Duration.ofMillis(turnMillis))) {
        return jitteredWait();
      }
      holding = true;
      turnEndsNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(turnMillis);
    }
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
    DispatchResult d = queue.dispatch(DISPATCH_LIMIT);
    if (d.assigned() > 0) {
      log.info("assigned {} backlog task(s) of queue '{}' to workers", d.assigned(),
          queue.name());
    }
    if (r.workers() >= RECLAIM_LIMIT || p.promoted() >= PROMOTE_LIMIT
        || d.assigned() >= DISPATCH_LIMIT) {
      return 0;
    }
    long turnLeft = Math.max(0, TimeUnit.NANOSECONDS.toMillis(turnEndsNanos - System.nanoTime()));
    if (p.nextDueMs() >= 0) {
      long untilDue = Math.max(1, p.nextDueMs() - clock.millis());
      if (untilDue < turnLeft) return untilDue;
    }
    holding = false;
    // Just after one interval from the turn's start, so that a worker alone keeps its pace of
    // one round per interval.
    return turnLeft + (everyMillis - turnMillis) + everyMillis / 10
        + random.nextLong(everyMillis * 4 / 10 + 1);
  }

  /** Uniform in [0.5, 1.5] times the interval. */
  private long jitteredWait() {
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
