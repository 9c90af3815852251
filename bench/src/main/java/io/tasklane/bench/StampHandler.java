package io.tasklane.bench;

import io.tasklane.handler.TaskContext;
import io.tasklane.handler.TaskHandler;
import java.time.Instant;

/**
 * Task type {@code stamp}: does nothing but return the wall-clock time at which it started, as
 * {@code {"start_us": <epoch microseconds>}}. The latency benchmark compares it with the
 * submitter's clock on the same machine: task hashes keep only milliseconds.
 */
public final class StampHandler implements TaskHandler {
  public static final String TYPE = "stamp";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public String handle(TaskContext task) {
    return "{\"start_us\":" + epochMicros() + "}";
  }

  /** Now, in microseconds since the epoch. */
  public static long epochMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }
}
