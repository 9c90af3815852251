package io.tasklane.scheduler.stats;

/** Run-time figures in milliseconds; each is null when no task has finished. */
public record RunTimes(Double mean, Double p50, Double p95, Double p99) {
  public static final RunTimes NONE = new RunTimes(null, null, null, null);
}
