package io.tasklane.scheduler;

import io.tasklane.redis.Reclaim;
import io.tasklane.redis.TaskQueue;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns dead workers: every period, takes back the tasks of workers whose heartbeat expired, in
 * calls of up to {@link #LIMIT} workers, again at once while a call reclaims a full batch. Their unstarted
 * tasks go back to the head of the backlog; tasks they ran are retried, or dead-lettered when
 * no attempt is left. Each dead worker is reclaimed once however many dispatchers run.
 *
 * <p>Once a minute it also forgets workers that left (deregistered or reclaimed) more than
 * {@code forgetAfter} ago: their description and statistics are deleted, so a pool whose workers
 * come and go under new IDs (containers) does not keep every one that ever ran.
 */
public final class Reaper implements Loop {
  /** Most workers one reclaim call handles. */
  public static final int LIMIT = 100;
  /** How often departed workers are looked for. */
  static final Duration FORGET_EVERY = Duration.ofMinutes(1);
  private static final Logger LOG = LoggerFactory.getLogger(Reaper.class);

  private final TaskQueue queue;
  private final Duration every;
  private final Duration forgetAfter;
  private final Clock clock;
  private final Ticker ticker;
  private long nextForgetMs;

  public Reaper(TaskQueue queue, Duration every, Duration forgetAfter, Clock clock) {
    this.queue = queue;
    this.every = every;
    this.forgetAfter = forgetAfter;
    this.clock = clock;
    this.ticker = new Ticker("reaper", clock, LOG, this::tick);
  }

  @Override
  public void start() {
    ticker.start();
  }

  @Override
  public void close() {
    ticker.close();
  }

  /**
   * One reclaim call (and the look for workers to forget when due); again at once only when it
   * reclaimed a full batch (more may wait).
   */
  private Duration tick() {
    Reclaim r = queue.reclaim(LIMIT);
    forgetDeparted();
    if (r.workers() == 0) return every;
    LOG.info("reclaimed {} dead worker{}: {} task{} requeued, {} dead-lettered", r.workers(),
        r.workers() == 1 ? "" : "s", r.requeued(), r.requeued() == 1 ? "" : "s",
        r.deadLettered());
    return r.workers() >= LIMIT ? Duration.ZERO : every;
  }

  private void forgetDeparted() {
    long now = clock.millis();
    if (now < nextForgetMs) return;
    int n = queue.forgetDeparted(forgetAfter, LIMIT);
    // a full batch: more may wait, look again at the next tick
    nextForgetMs = n >= LIMIT ? now : now + FORGET_EVERY.toMillis();
    if (n > 0) {
      LOG.info("forgot {} worker{} that left more than {} ago", n, n == 1 ? "" : "s",
          forgetAfter.toString().substring(2).toLowerCase(Locale.ROOT));
    }
  }
}
