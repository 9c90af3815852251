package com.example.tasklane;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.handler.TaskContext;
import io.tasklane.handler.TaskHandler;
import java.util.Locale;

/**
 * An example plug-in: tasks of type {@code upper} with payload {@code {"text":"hi"}} return
 * {@code {"text":"HI"}}. A worker finds it through
 * {@code META-INF/services/io.tasklane.handler.TaskHandler} once the jar is on its class path.
 */
public final class UpperHandler implements TaskHandler {
  @Override
  public String type() {
    return "upper";
  }

  @Override
  public String handle(TaskContext task) {
    JsonNode text = task.payloadTree().get("text");
    if (text == null || !text.isTextual()) {
      throw new IllegalArgumentException("payload needs a string field \"text\"");
    }
    return "{\"text\":" + TaskContext.jsonString(text.asText().toUpperCase(Locale.ROOT)) + "}";
  }
}
