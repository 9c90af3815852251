package io.tasklane.task;

import java.util.Locale;

/**
 * Where a task is in its life. People and JSON see the wire name, the lower-case enum name; the
 * task hash stores a one-letter code ({@link TaskFields#STATUS}).
 */
public enum TaskStatus {
  /** Waiting in the backlog or the delayed set. */
  QUEUED("q"),
  /** In a worker's inbox, not started. */
  ASSIGNED("a"),
  /** In a worker's active set. */
  RUNNING("r"),
  /** An attempt failed and another is due: waiting in the delayed set for its backoff. */
  RETRYING("b"),
  SUCCEEDED("s"),
  /** Failed for good (attempts exhausted, no handler, undecodable): in the dead list. */
  DEAD("d"),
  CANCELLED("c");

  private final String code;

  TaskStatus(String code) { this.code = code; }

  public String wire() { return name().toLowerCase(Locale.ROOT); }

  /** How the task hash stores it; Lua knows it as {@code S.<wire name>}. */
  public String code() { return code; }

  public boolean isFinal() {
    return this == SUCCEEDED || this == DEAD || this == CANCELLED;
  }

  /** The status stored as {@code code}; throws {@link IllegalArgumentException} for others. */
  public static TaskStatus fromCode(String code) {
    for (TaskStatus s : values()) {
      if (s.code.equals(code)) return s;
    }
    throw new IllegalArgumentException("unknown task status code '" + code + "'");
  }
}
