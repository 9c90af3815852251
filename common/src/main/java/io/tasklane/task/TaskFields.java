package io.tasklane.task;

/** Field names of the task hash {@code tl:{q}:task:<id>}; the Lua scripts use the same names. */
public final class TaskFields {
  public static final String TYPE = "type";
  public static final String PAYLOAD = "payload";
  public static final String STATUS = "status";
  public static final String ATTEMPT = "attempt";
  public static final String MAX_ATTEMPTS = "max_attempts";
  public static final String TIMEOUT_MS = "timeout_ms";
  public static final String WORKER = "worker";
  public static final String SUBMITTED = "submitted";
  public static final String ASSIGNED = "assigned";
  public static final String STARTED = "started";
  public static final String FINISHED = "finished";
  public static final String RUN_US = "run_us";
  public static final String RESULT = "result";
  public static final String ERROR = "error";
  public static final String RETRY_AT = "retry_at";

  private TaskFields() {}
}
