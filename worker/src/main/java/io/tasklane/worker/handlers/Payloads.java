package io.tasklane.worker.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.tasklane.handler.TaskContext;

/** Reads built-in handlers' payload fields; each error names the field and shows an example. */
final class Payloads {
  private Payloads() {}

  /** The payload as a JSON object; {@code example} shows a valid one in the error. */
  static JsonNode object(TaskContext task, String example) throws BadPayloadException {
    JsonNode tree;
    try {
      tree = task.payloadTree();
    } catch (IllegalArgumentException e) {
      throw new BadPayloadException(task.type() + " payload is not valid JSON; give an object "
          + "such as " + example);
    }
    if (tree == null || !tree.isObject()) {
      throw new BadPayloadException(task.type() + " payload must be a JSON object such as "
          + example);
    }
    return tree;
  }

  /** Like {@link #object}, but JSON null stands for an empty object: every field is optional. */
  static JsonNode objectOrEmpty(TaskContext task, String example)
      throws BadPayloadException {
    String p = task.payload();
    if (p == null || "null".equals(p.strip())) return JsonNodeFactory.instance.objectNode();
    return object(task, example);
  }

  /** A required whole number of 0 or more. */
  static long wholeNumber(TaskContext task, JsonNode payload, String field, String example)
      throws BadPayloadException {
    JsonNode v = payload.get(field);
    if (v == null || v.isNull()) {
      throw new BadPayloadException(task.type() + " payload needs \"" + field
          + "\", a whole number of 0 or more, as in " + example);
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
      throw new BadPayloadException(task.type() + " payload field \"" + field + "\" must be a "
          + "whole number of 0 or more, not " + abbreviate(v.toString()) + ", as in " + example);
    }
    return v.longValue();
  }

  /** An optional number from 0 to 1, or {@code fallback} when absent. */
  static double fraction(TaskContext task, JsonNode payload, String field, double fallback,
      String example) throws BadPayloadException {
    JsonNode v = payload.get(field);
    if (v == null || v.isNull()) return fallback;
    if (!v.isNumber() || v.doubleValue() < 0 || v.doubleValue() > 1) {
      throw new BadPayloadException(task.type() + " payload field \"" + field + "\" must be a "
          + "number from 0 to 1, not " + abbreviate(v.toString()) + ", as in " + example);
    }
    return v.doubleValue();
  }

  /** An optional string, or {@code fallback} when absent. */
  static String text(TaskContext task, JsonNode payload, String field, String fallback,
      String example) throws BadPayloadException {
    JsonNode v = payload.get(field);
    if (v == null || v.isNull()) return fallback;
    if (!v.isTextual()) {
      throw new BadPayloadException(task.type() + " payload field \"" + field
          + "\" must be a string, as in " + example);
    }
    return v.textValue();
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 37) + "...";
  }
}
