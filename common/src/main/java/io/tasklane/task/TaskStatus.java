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
  /** An attempt failed and another is due: waiting in the delayed set for its backoff. */
  RETRYING,
  SUCCEEDED,
  /** Failed for good (attempts exhausted, no handler, undecodable): in the dead list. */
  DEAD,
  CANCELLED;

  public String wire() { return name().toLowerCase(Locale.ROOT); }

  public boolean isFinal() {
    return this == SUCCEEDED || this == DEAD || this == CANCELLED;
  }

  public static TaskStatus fromWire(String s) {
    return valueOf(s.toUpperCase(Locale.ROOT));
  }
}
