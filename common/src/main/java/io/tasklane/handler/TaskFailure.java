package io.tasklane.handler;

/**
 * Thrown by a handler to fail an attempt with exactly this message (other exceptions are
 * recorded as "ExceptionClass: message"). With {@code permanent}, the task is dead-lettered at
 * once instead of retried.
 */
public class TaskFailure extends Exception {
  private final boolean permanent;

  public TaskFailure(String message) {
    this(message, false);
  }

  public TaskFailure(String message, boolean permanent) {
    super(message);
    this.permanent = permanent;
  }

  public boolean permanent() { return permanent; }
}
