package io.tasklane.worker.handlers;

import io.tasklane.handler.TaskContext;
import io.tasklane.handler.TaskHandler;
import java.time.Duration;

/**
 * {@code sleep}: payload {@code {"ms":N}}; sleeps N milliseconds times the worker's sleep scale
 * (so one slow worker can be simulated), stops early when interrupted, and returns
 * {@code {"slept_ms":M}} with the scaled time.
 */
public final class SleepHandler implements TaskHandler {
  public static final String TYPE = "sleep";
  private static final String EXAMPLE = "{\"ms\":100}";

  private final double scale;

  /** {@code scale} multiplies every task's sleep: 1.0 sleeps as asked, 0 not at all. */
  public SleepHandler(double scale) {
    if (!(scale >= 0) || Double.isInfinite(scale)) {
      throw new IllegalArgumentException("sleep scale must be a finite number of 0 or more, not "
          + scale);
    }
    this.scale = scale;
  }

  @Override
  public String type() { return TYPE; }

  @Override
  public String handle(TaskContext task) throws BadPayloadException, InterruptedException {
    long ms = Payloads.wholeNumber(task, Payloads.object(task, EXAMPLE), "ms", EXAMPLE);
    long scaled = Math.round(ms * scale);
    if (scaled > 0) Thread.sleep(Duration.ofMillis(scaled));
    return "{\"slept_ms\":" + scaled + "}";
  }
}
