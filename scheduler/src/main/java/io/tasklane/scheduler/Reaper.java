package io.tasklane.scheduler;

import io.tasklane.redis.Reclaim;
import io.tasklane.redis.TaskQueue;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns dead workers: every period, takes back the tasks of workers whose heartbeat expired, in
 * calls of up to {@link #LIMIT} workers, again at once while a call reclaims a full batch. Their unstarted
 * tasks go back to the head of the backlog; tasks they ran are retried, or dead-lettered when
 * no attempt is left. Each dead worker is reclaimed once however many dispatchers run.
 */
public final class Reaper implements Loop {
  /** Most workers one reclaim call handles. */
  public static final int LIMIT = 100;
  private static final Logger LOG = LoggerFactory.getLogger(Reaper.class);

  private final TaskQueue queue;
  private final Duration every;
  private final Ticker ticker;

  public Reaper(TaskQueue queue, Duration every, Clock clock) {
    this.queue = queue;
    this.every = every;
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

  /** One reclaim call; again at once only when it reclaimed a full batch (more may wait). */
  private Duration tick() {
    Reclaim r = queue.reclaim(LIMIT);
    if (r.workers() == 0) return every;
    LOG.info("reclaimed {} dead worker{}: {} task{} requeued, {} dead-lettered", r.workers(),
        r.workers() == 1 ? "" : "s", r.requeued(), r.requeued() == 1 ? "" : "s",
        r.deadLettered());
    return r.workers() >= LIMIT ? Duration.ZERO : every;
  }
}
