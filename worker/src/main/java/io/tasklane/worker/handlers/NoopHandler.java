package io.tasklane.worker.handlers;

import io.tasklane.handler.TaskContext;
import io.tasklane.handler.TaskHandler;

/** {@code noop}: does nothing and returns JSON null; measures the queue's own overhead. */
public final class NoopHandler implements TaskHandler {
  public static final String TYPE = "noop";

  @Override
  public String type() { return TYPE; }

  @Override
  public String handle(TaskContext task) {
    return null;
  }
}
