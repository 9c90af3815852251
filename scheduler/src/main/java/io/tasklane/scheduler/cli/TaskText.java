package io.tasklane.scheduler.cli;

import io.tasklane.task.TaskInfo;

/**
 * A task as aligned "field  value" lines, for task-status and dead-letters show. What follows
 * the times depends on the status: the result of a succeeded task, the next attempt's due time
 * and the last error of a retrying one, the reason of a dead or cancelled one.
 */
final class TaskText {
  private static final int NAME_WIDTH = 11;

  private TaskText() {}

  /** The task's lines; {@code nowMs} is for "running for" and "in N s". */
  static String block(TaskInfo t, long nowMs, boolean withPayload) {
    StringBuilder b = new StringBuilder();
    boolean fin = t.status().isFinal();
    field(b, "id", t.id());
    field(b, "status", t.status().wire());
    field(b, "type", t.type());
    field(b, "worker", t.worker());
    field(b, "attempt", t.attempt() + "/" + t.maxAttempts());
    field(b, "submitted", Text.iso(t.submitted()));
    field(b, "assigned", Text.iso(t.assigned()));
    field(b, "started", Text.iso(t.started()));
    field(b, "finished", fin ? Text.iso(t.finished()) : "-");
    field(b, "run time", runTime(t, nowMs));
    if (withPayload) field(b, "payload", t.payload());
    switch (t.status()) {
      case SUCCEEDED -> field(b, "result", t.result());
      case RETRYING -> {
        field(b, "retry at", Text.iso(t.retryAt()) + dueIn(t.retryAt(), nowMs));
        field(b, "last error", t.error());
      }
      case DEAD, CANCELLED -> field(b, "reason", t.error());
      default -> {
        // A task retried before (or requeued from the dead letters) keeps its last error.
        if (t.error() != null) field(b, "last error", t.error());
        else field(b, "result", null);
      }
    }
    return b.toString();
  }

  private static String runTime(TaskInfo t, long nowMs) {
    switch (t.status()) {
      case SUCCEEDED, DEAD, CANCELLED -> {
        return t.finished() > 0 ? Text.millis(t.runMicros() / 1000.0) + " ms" : "-";
      }
      case RUNNING -> {
        if (t.started() > 0) {
          return "running for " + Text.fixed(Math.max(0, nowMs - t.started()) / 1000.0, 1)
              + " s";
        }
        return "-";
      }
      case RETRYING -> {
        return Text.millis(t.runMicros() / 1000.0) + " ms (the failed attempt)";
      }
      default -> {
        return "-";
      }
    }
  }

  private static String dueIn(long dueMs, long nowMs) {
    if (dueMs <= 0) return "";
    long ms = dueMs - nowMs;
    return ms <= 0 ? " (due now)" : " (in " + Text.fixed(ms / 1000.0, 1) + " s)";
  }

  private static void field(StringBuilder b, String name, String value) {
    String v = value == null || value.isEmpty() ? "-" : value;
    String pad = " ".repeat(NAME_WIDTH - name.length());
    b.append(name).append(pad)
        .append(v.replaceAll("\\R", "\n" + " ".repeat(NAME_WIDTH))).append('\n');
  }
}
