package io.tasklane.error;

/** Base of the errors Tasklane reports to a person in one line. */
public class TasklaneException extends RuntimeException {
  public TasklaneException(String message) { super(message); }
  public TasklaneException(String message, Throwable cause) { super(message, cause); }
}
