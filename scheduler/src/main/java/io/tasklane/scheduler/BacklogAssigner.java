package io.tasklane.scheduler;

import io.tasklane.redis.DispatchResult;
import io.tasklane.redis.TaskQueue;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the backlog: assigns queued tasks to live workers with room, by the queue's strategy,
 * in calls of up to {@link #LIMIT} tasks, as long as each call places something; then waits one
 * interval. Submit and completion assign too; this loop catches what they left (tasks that
 * arrived while every worker was full or none was alive).
 */
public final class BacklogAssigner implements Loop {
  /** Most tasks one dispatch call assigns, so no script call holds Redis for long. */
  public static final int LIMIT = 1000;
  static final Duration LOG_PERIOD = Duration.ofSeconds(5);
  private static final Logger LOG = LoggerFactory.getLogger(BacklogAssigner.class);

  private final TaskQueue queue;
  private final AssignmentLog assignments;
  private final Ticker ticker;

  public BacklogAssigner(TaskQueue queue, Duration interval, Clock clock) {
    this.queue = queue;
    this.assignments = new AssignmentLog(clock, LOG_PERIOD);
    this.ticker = new Ticker("backlog assigner", interval, Ticker.outageBackoff(), clock, LOG,
        this::tick);
  }

  @Override
  public void start() {
    ticker.start();
  }

  @Override
  public void close() {
    ticker.close();
  }

  /** One dispatch call; true when it placed tasks and the backlog still holds some. */
  private boolean tick() {
    DispatchResult r = queue.dispatch(LIMIT);
    assignments.record(r.assigned(), r.backlog());
    String line = assignments.due();
    if (line != null) LOG.info(line);
    return r.assigned() > 0 && r.backlog() > 0;
  }
}
