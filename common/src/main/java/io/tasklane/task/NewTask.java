package io.tasklane.task;

import io.tasklane.error.InvalidInputException;
import java.util.regex.Pattern;

/**
 * A task as a producer submits it: ID, type and payload (raw JSON text, kept as given), with the
 * most attempts it may take, its timeout (0: the worker's default) and an optional affinity key
 * (tasks with the same key go to the same worker under the key-affinity strategy). Build with
 * {@link #of(String, String)} and the {@code with…} methods; {@link #validate(int)} checks it.
 */
public record NewTask(String id, String type, String payload, int maxAttempts, long timeoutMs,
    String key) {

  /** A task without an affinity key. */
  public NewTask(String id, String type, String payload, int maxAttempts, long timeoutMs) {
    this(id, type, payload, maxAttempts, timeoutMs, null);
  }

  /** The default maximum number of attempts. */
  public static final int DEFAULT_MAX_ATTEMPTS = 3;
  /** The default cap on a payload's size in bytes (UTF-8). */
  public static final int DEFAULT_MAX_PAYLOAD_BYTES = 1 << 20;

  private static final Pattern TYPE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

  /** A task with a fresh ID, the default attempts and the worker's default timeout. */
  public static NewTask of(String type, String payload) {
    return new NewTask(TaskIds.next(), type, payload == null ? "null" : payload,
        DEFAULT_MAX_ATTEMPTS, 0);
  }

  public NewTask withId(String newId) {
    return new NewTask(newId, type, payload, maxAttempts, timeoutMs, key);
  }

  public NewTask withMaxAttempts(int n) {
    return new NewTask(id, type, payload, n, timeoutMs, key);
  }

  public NewTask withTimeoutMs(long ms) {
    return new NewTask(id, type, payload, maxAttempts, ms, key);
  }

  public NewTask withKey(String affinityKey) {
    return new NewTask(id, type, payload, maxAttempts, timeoutMs, affinityKey);
  }

  /** Throws {@link InvalidInputException} naming the first thing wrong with this task. */
  public NewTask validate(int maxPayloadBytes) {
    TaskIds.check(id);
    if (type == null || !TYPE.matcher(type).matches()) {
      throw new InvalidInputException("invalid task type '" + TaskIds.abbreviate(type)
          + "': use 1 to 64 letters, digits, '.', '_', ':' or '-'");
    }
    if (maxAttempts < 1 || maxAttempts > 1000) {
      throw new InvalidInputException("invalid max attempts " + maxAttempts
          + ": use a whole number from 1 to 1000");
    }
    if (key != null && (key.isEmpty() || key.length() > 256)) {
      throw new InvalidInputException("invalid affinity key of task '" + id
          + "': use 1 to 256 characters");
    }
    if (timeoutMs < 0) {
      throw new InvalidInputException("invalid timeout " + timeoutMs + " ms: use 0 or more");
    }
    int bytes = utf8Length(payload);
    if (bytes > maxPayloadBytes) {
      throw new InvalidInputException("payload of task '" + id + "' is " + bytes
          + " bytes, over the cap of " + maxPayloadBytes + " bytes: make it smaller or raise the cap");
    }
    String problem = Json.problem(payload);
    if (problem != null) {
      throw new InvalidInputException("payload of task '" + id + "' is not valid JSON: " + problem);
    }
    return this;
  }

  private static int utf8Length(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) n++;
      else if (c < 0x800) n += 2;
      else if (Character.isHighSurrogate(c)) { n += 4; i++; }
      else n += 3;
    }
    return n;
  }
}
