package io.tasklane.error;

/** A submitted task ID that already exists in the queue; nothing of the batch was written. */
public class DuplicateTaskException extends InvalidInputException {
  private final String taskId;

  public DuplicateTaskException(String taskId) {
    super("task id '" + taskId + "' already exists: choose another id or leave --id out");
    this.taskId = taskId;
  }

  public String taskId() { return taskId; }
}
