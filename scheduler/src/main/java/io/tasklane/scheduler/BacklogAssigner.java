package io.tasklane.scheduler;

import io.tasklane.redis.DispatchResult;
import io.tasklane.redis.TaskQueue;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the backlog: assigns queued tasks to live workers with room, by the queue's strategy,
 * in calls of up to {@link #LIMIT} tasks, as long as each call places something. While tasks
 * wait that no worker can take, it looks again every interval; while the backlog is empty, only
 * every idle interval, or at once when a script announces that tasks entered the backlog (a
 * wake-up that may be lost, hence the idle interval). Submit and completion assign too; this
 * loop catches what they left (tasks that arrived while every worker was full or none was
 * alive).
 */
public final class BacklogAssigner implements Loop {
  /** Most tasks one dispatch call assigns, so no script call holds Redis for long. */
  public static final int LIMIT = 1000;
  static final Duration LOG_PERIOD = Duration.ofSeconds(5);
  private static final Logger LOG = LoggerFactory.getLogger(BacklogAssigner.class);

  private final TaskQueue queue;
  private final Duration interval;
  private final Duration idleInterval;
  private final AssignmentLog assignments;
  private final Ticker ticker;

  public BacklogAssigner(TaskQueue queue, Duration interval, Duration idleInterval,
      Clock clock) {
    this.queue = queue;
    this.interval = interval;
    this.idleInterval = idleInterval;
    this.assignments = new AssignmentLog(clock, LOG_PERIOD);
    this.ticker = new Ticker("backlog assigner", clock, LOG, this::tick);
    ticker.wakeOn(queue::onBacklogGrew, queue::stopOnBacklogGrew);
  }

  @Override
  public void start() {
    ticker.start();
  }

  @Override
  public void close() {
    ticker.close();
  }

  /** One dispatch call; returns the wait before the next. */
  private Duration tick() {
    DispatchResult r = queue.dispatch(LIMIT);
    assignments.record(r.assigned(), r.backlog());
    String line = assignments.due();
    if (line != null) LOG.info(line);
    if (r.backlog() == 0) return idleInterval;
    return r.assigned() > 0 ? Duration.ZERO : interval;
  }
}
