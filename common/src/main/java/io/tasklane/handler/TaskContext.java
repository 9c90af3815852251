package io.tasklane.handler;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.task.Json;

/**
 * One task as its handler sees it: ID, type, attempt (1 on the first run) and payload, raw JSON
 * text; {@link #payloadTree()} parses it into a Jackson tree (never into arbitrary classes).
 */
public record TaskContext(String id, String type, int attempt, String payload) {
  public JsonNode payloadTree() {
    return Json.tree(payload);
  }

  /** JSON text for a string value, for handlers that return a plain message. */
  public static String jsonString(String s) {
    return Json.write(s);
  }
}
