package io.tasklane.worker.plugin;

import io.tasklane.handler.TaskContext;
import io.tasklane.handler.TaskHandler;

/** A plug-in as a user would write one: {"text":"abc"} gives "cba". */
public final class ReverseHandler implements TaskHandler {
  @Override
  public String type() { return "reverse"; }

  @Override
  public String handle(TaskContext task) {
    return TaskContext.jsonString(
        new StringBuilder(task.payloadTree().path("text").asText()).reverse().toString());
  }
}
