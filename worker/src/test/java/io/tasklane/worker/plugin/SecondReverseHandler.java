package io.tasklane.worker.plugin;

import io.tasklane.handler.TaskContext;
import io.tasklane.handler.TaskHandler;

/** A second plug-in for "reverse"; listed only by a test's class loader. */
public final class SecondReverseHandler implements TaskHandler {
  @Override
  public String type() { return "reverse"; }

  @Override
  public String handle(TaskContext task) {
    return "null";
  }
}
