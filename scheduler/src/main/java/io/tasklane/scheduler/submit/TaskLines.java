package io.tasklane.scheduler.submit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import io.tasklane.error.InvalidInputException;
import io.tasklane.task.Json;
import io.tasklane.task.NewTask;
import io.tasklane.task.TaskIds;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads tasks given as JSON lines, one object per line:
 * {@code {"type": "echo", "payload": {...}, "id": "a1", "max_attempts": 3, "timeout_ms": 5000,
 * "key": "customer-7"}} where only {@code type} is required ({@code key} is the affinity key).
 * Blank lines are skipped. Every line is checked before any task is returned: each is parsed
 * as a JSON tree (never bound to a class), the payload may be any JSON value and is kept as
 * JSON text, and IDs must be valid and unique in the file.
 */
public final class TaskLines {
  /** Invalid lines kept for the report; the others are only counted. */
  public static final int MAX_REPORTED = 20;

  private static final Set<String> FIELDS =
      Set.of("type", "payload", "id", "max_attempts", "timeout_ms", "key");
  private static final ObjectReader READER = Json.MAPPER.reader()
      .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .without(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES);

  private TaskLines() {}

  /** What a task line may leave out; {@code key} null: no affinity key. */
  public record Defaults(int maxAttempts, long timeoutMs, int maxPayloadBytes, String key) {
    public static final Defaults STANDARD = new Defaults(NewTask.DEFAULT_MAX_ATTEMPTS, 0,
        NewTask.DEFAULT_MAX_PAYLOAD_BYTES);

    /** Defaults without an affinity key. */
    public Defaults(int maxAttempts, long timeoutMs, int maxPayloadBytes) {
      this(maxAttempts, timeoutMs, maxPayloadBytes, null);
    }
  }

  /** Why one line was refused. */
  public record LineError(int line, String message) {
    @Override
    public String toString() {
      return "line " + line + ": " + message;
    }
  }

  /**
   * The tasks of a valid input, or (when {@code invalidLines > 0}) no tasks and the first
   * {@link #MAX_REPORTED} errors.
   */
  public record Parsed(List<NewTask> tasks, List<LineError> errors, int invalidLines) {
    public boolean ok() {
      return invalidLines == 0;
    }
  }

  /** Reads every line of UTF-8 text (LF or CRLF line ends). */
  public static Parsed parse(InputStream in, Defaults defaults) throws IOException {
    Utf8Lines lines = new Utf8Lines(in);
    List<NewTask> tasks = new ArrayList<>();
    List<LineError> errors = new ArrayList<>();
    Map<String, Integer> firstLineOf = new HashMap<>();
    int invalid = 0;
    int lineNo = 0;
    while (true) {
      String text;
      try {
        text = lines.next();
      } catch (CharacterCodingException e) {
        throw new InvalidInputException("line " + (lineNo + 1) + ": not UTF-8 text");
      }
      if (text == null) break;
      lineNo++;
      if (lineNo == 1 && text.startsWith("\uFEFF")) text = text.substring(1);
      if (text.isBlank()) continue;
      NewTask task;
      try {
        task = task(text, defaults);
        Integer earlier = firstLineOf.putIfAbsent(task.id(), lineNo);
        if (earlier != null) {
          throw new InvalidInputException("task id '" + task.id() + "' is used on line "
              + earlier + " already");
        }
      } catch (InvalidInputException e) {
        if (++invalid <= MAX_REPORTED) errors.add(new LineError(lineNo, e.getMessage()));
        tasks = List.of();
        continue;
      }
      if (invalid == 0) tasks.add(task);
    }
    return new Parsed(tasks, errors, invalid);
  }

  /** One line as a validated task; throws naming the first thing wrong with it. */
  static NewTask task(String line, Defaults defaults) {
    JsonNode node;
    try {
      node = READER.readTree(line);
    } catch (JsonProcessingException e) {
      String msg = e.getOriginalMessage() == null ? "" : e.getOriginalMessage().split("\n")[0];
      String where = e.getLocation() == null ? "" : " at column " + e.getLocation().getColumnNr();
      throw new InvalidInputException("invalid JSON: " + msg + where);
    }
    if (node == null || !node.isObject()) {
      throw new InvalidInputException("expected a JSON object such as "
          + "{\"type\": \"echo\", \"payload\": {}}, not " + kind(node));
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!FIELDS.contains(f)) {
        throw new InvalidInputException("unknown field \"" + abbreviate(f)
            + "\": use type, payload, id, max_attempts, timeout_ms, key");
      }
    }
    JsonNode type = node.get("type");
    if (type == null || type.isNull()) throw new InvalidInputException("missing \"type\"");
    if (!type.isTextual()) {
      throw new InvalidInputException("\"type\" must be a string, not " + kind(type));
    }
    JsonNode payload = node.get("payload");
    String payloadText = payload == null ? "null" : Json.write(payload);

    String id;
    JsonNode idNode = node.get("id");
    if (idNode == null || idNode.isNull()) {
      id = TaskIds.next();
    } else if (idNode.isTextual()) {
      id = idNode.textValue();
    } else {
      throw new InvalidInputException("\"id\" must be a string, not " + kind(idNode));
    }

    int maxAttempts = defaults.maxAttempts();
    JsonNode attempts = node.get("max_attempts");
    if (attempts != null && !attempts.isNull()) {
      if (!attempts.isIntegralNumber() || !attempts.canConvertToInt()) {
        throw new InvalidInputException("\"max_attempts\" must be a whole number from 1 to 1000");
      }
      maxAttempts = attempts.intValue();
    }
    long timeoutMs = defaults.timeoutMs();
    JsonNode timeout = node.get("timeout_ms");
    if (timeout != null && !timeout.isNull()) {
      if (!timeout.isIntegralNumber() || !timeout.canConvertToLong() || timeout.longValue() < 0) {
        throw new InvalidInputException("\"timeout_ms\" must be a whole number of milliseconds, "
            + "0 or more");
      }
      timeoutMs = timeout.longValue();
    }
    String key = defaults.key();
    JsonNode keyNode = node.get("key");
    if (keyNode != null && !keyNode.isNull()) {
      if (!keyNode.isTextual()) {
        throw new InvalidInputException("\"key\" must be a string, not " + kind(keyNode));
      }
      key = keyNode.textValue();
    }
    return new NewTask(id, type.textValue(), payloadText, maxAttempts, timeoutMs, key)
        .validate(defaults.maxPayloadBytes());
  }

  private static String kind(JsonNode n) {
    if (n == null || n.isMissingNode()) return "nothing";
    return switch (n.getNodeType()) {
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      default -> n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    };
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 37) + "...";
  }
}
