package io.tasklane.task;

import java.util.Locale;

/** Where a task is in its life; the wire name is the lower-case enum name. */
public enum TaskStatus {
  /** Waiting in the backlog or the delayed set. */
  QUEUED,
  /** In a worker's inbox, not started. */
  ASSIGNED,
  /** In a worker's active set. */
  RUNNING,
  SUCCEEDED,
  FAILED,
  /** Attempts exhausted or undecodable: in the dead list. */
  DEAD,
  CANCELLED;

  public String wire() { return name().toLowerCase(Locale.ROOT); }

  public boolean isFinal() {
    return this == SUCCEEDED || this == FAILED || this == DEAD || this == CANCELLED;
  }

  public static TaskStatus fromWire(String s) {
    return valueOf(s.toUpperCase(Locale.ROOT));
  }
}
