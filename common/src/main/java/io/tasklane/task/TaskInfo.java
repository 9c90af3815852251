package io.tasklane.task;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A task as read back from Redis. Times are epoch milliseconds, 0 when not reached. The payload
 * and the result stay raw JSON text. While retrying, {@code error} is the last attempt's error and
 * {@code retryAt} when the next attempt is due.
 */
public record TaskInfo(String id, String type, String payload, TaskStatus status, int attempt,
    int maxAttempts, String worker, long submitted, long assigned, long started, long finished,
    long runMicros, String result, String error, long retryAt) {

  /**
   * Decodes the task hash, supplying the defaults of absent fields and turning the times stored
   * relative to submission back into epoch milliseconds ({@link TaskFields}); returns null for
   * an empty hash (no such task).
   */
  public static TaskInfo fromHash(String id, Map<String, String> h) {
    if (h == null || h.isEmpty()) return null;
    String code = h.get(TaskFields.STATUS);
    TaskStatus status = code == null ? TaskStatus.QUEUED : TaskStatus.fromCode(code);
    long submitted = num(h, TaskFields.SUBMITTED);
    String result = h.get(TaskFields.RESULT);
    if (result == null && status == TaskStatus.SUCCEEDED) result = "null";
    return new TaskInfo(id, h.get(TaskFields.TYPE), h.get(TaskFields.PAYLOAD), status,
        (int) num(h, TaskFields.ATTEMPT),
        h.containsKey(TaskFields.MAX_ATTEMPTS) ? (int) num(h, TaskFields.MAX_ATTEMPTS)
            : NewTask.DEFAULT_MAX_ATTEMPTS,
        emptyToNull(h.get(TaskFields.WORKER)), submitted, num(h, TaskFields.ASSIGNED),
        since(h, TaskFields.STARTED, submitted), since(h, TaskFields.FINISHED, submitted),
        num(h, TaskFields.RUN_US), result, h.get(TaskFields.ERROR),
        since(h, TaskFields.RETRY_AT, submitted));
  }

  /** The task as a JSON-ready map: the result is embedded as JSON, not as a string. */
  public Map<String, Object> toJsonMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("type", type);
    m.put("status", status.wire());
    m.put("attempt", attempt);
    m.put("max_attempts", maxAttempts);
    m.put("worker", worker);
    m.put("submitted", submitted);
    m.put("assigned", assigned == 0 ? null : assigned);
    m.put("started", started == 0 ? null : started);
    m.put("finished", finished == 0 ? null : finished);
    m.put("run_us", finished == 0 ? null : runMicros);
    m.put("result", result == null ? null
        : Json.problem(result) == null ? Json.tree(result) : result);
    m.put("error", error);
    m.put("retry_at", status == TaskStatus.RETRYING ? retryAt : null);
    return m;
  }

  private static long num(Map<String, String> h, String f) {
    String v = h.get(f);
    if (v == null || v.isEmpty()) return 0;
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** A time stored as milliseconds after submission, as epoch milliseconds; 0 when absent. */
  private static long since(Map<String, String> h, String f, long submitted) {
    return h.containsKey(f) ? submitted + num(h, f) : 0;
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
