package io.tasklane.scheduler;

import io.tasklane.redis.Promotion;
import io.tasklane.redis.TaskQueue;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the delayed set: moves retries whose backoff has passed to the backlog (placing them on
 * workers with room), in calls of up to {@link #LIMIT} tasks, again at once while a call moves
 * a full batch. Then it sleeps until the next task is due, but never longer than its period.
 * A worker that schedules a retry due before every other announces it, which wakes the
 * promoter at once; should that wake-up be lost, the retry waits at most one period.
 */
public final class Promoter implements Loop {
  /** Most tasks one promote call moves. */
  public static final int LIMIT = 1000;
  private static final Logger LOG = LoggerFactory.getLogger(Promoter.class);

  private final TaskQueue queue;
  private final Duration every;
  private final Clock clock;
  private final Ticker ticker;

  public Promoter(TaskQueue queue, Duration every, Clock clock) {
    this.queue = queue;
    this.every = every;
    this.clock = clock;
    this.ticker = new Ticker("promoter", clock, LOG, this::tick);
    ticker.wakeOn(queue::onRetryScheduled, queue::stopOnRetryScheduled);
  }

  @Override
  public void start() {
    ticker.start();
  }

  @Override
  public void close() {
    ticker.close();
  }

  /** One promote call; returns how long to sleep before the next. */
  private Duration tick() {
    Promotion p = queue.promote(LIMIT);
    if (p.promoted() > 0) LOG.debug("promoted {} due task(s)", p.promoted());
    if (p.promoted() >= LIMIT) return Duration.ZERO;
    if (p.nextDueMs() < 0) return every;
    long untilDue = Math.max(1, p.nextDueMs() - clock.millis());
    return Duration.ofMillis(Math.min(untilDue, every.toMillis()));
  }
}
