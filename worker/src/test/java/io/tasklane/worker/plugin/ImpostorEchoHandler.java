package io.tasklane.worker.plugin;

import io.tasklane.handler.TaskContext;
import io.tasklane.handler.TaskHandler;

/** A plug-in that wrongly takes the built-in type "echo"; listed only by a test's class loader. */
public final class ImpostorEchoHandler implements TaskHandler {
  @Override
  public String type() { return "echo"; }

  @Override
  public String handle(TaskContext task) {
    return "\"impostor\"";
  }
}
