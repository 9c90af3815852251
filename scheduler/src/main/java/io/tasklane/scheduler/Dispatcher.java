package io.tasklane.scheduler;

import io.tasklane.redis.TaskQueue;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The dispatcher daemon of one queue: the list of loops it runs, started in order and closed
 * in reverse. Any number of dispatchers may run at once: every loop's work is one atomic script
 * call.
 */
public final class Dispatcher implements AutoCloseable {
  private final List<Loop> loops;
  private final List<Loop> started = new ArrayList<>();

  /**
   * How often each loop runs when it finds nothing to do: the backlog assigner while tasks wait
   * that no worker can take ({@code assign}) and while the backlog is empty ({@code assignIdle};
   * it also wakes when tasks enter the backlog), the reaper of dead workers, and the promoter of
   * due retries (which also wakes when the next one is due, and when a worker schedules one
   * sooner); and how long workers that left stay known ({@code forgetAfter}, see
   * {@link Reaper}).
   */
  public record Periods(Duration assign, Duration assignIdle, Duration reap, Duration promote,
      Duration forgetAfter) {}

  public Dispatcher(TaskQueue queue, Periods periods, Clock clock) {
    this(List.of(
        new Reaper(queue, periods.reap(), periods.forgetAfter(), clock),
        new Promoter(queue, periods.promote(), clock),
        new BacklogAssigner(queue, periods.assign(), periods.assignIdle(), clock)));
  }

  Dispatcher(List<Loop> loops) {
    this.loops = List.copyOf(loops);
  }

  public synchronized void start() {
    for (Loop loop : loops) {
      loop.start();
      started.add(loop);
    }
  }

  /** Closes the started loops in reverse order, each waiting for its tick in progress. */
  @Override
  public synchronized void close() {
    for (int i = started.size() - 1; i >= 0; i--) started.get(i).close();
    started.clear();
  }
}
