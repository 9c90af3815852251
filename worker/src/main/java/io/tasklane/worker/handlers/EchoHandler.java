package io.tasklane.worker.handlers;

import io.tasklane.handler.TaskContext;
import io.tasklane.handler.TaskHandler;

/** {@code echo}: returns its payload, unchanged, as the result. */
public final class EchoHandler implements TaskHandler {
  public static final String TYPE = "echo";

  @Override
  public String type() { return TYPE; }

  @Override
  public String handle(TaskContext task) {
    return task.payload();
  }
}
