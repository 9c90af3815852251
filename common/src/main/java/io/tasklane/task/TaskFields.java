package io.tasklane.task;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The task hash {@code tl:{q}:task:<id>}: its field names and how values are stored. Redis keeps
 * every field name in every hash, so the names are one letter; finished tasks stay in Redis, and
 * these rules keep one within a small listpack. Lua gets the same names as {@code F.<name>}
 * ({@code F.max_attempts}), the statuses as {@code S.<status>} ({@link TaskStatus#code()}) and
 * the default attempts as {@code DEFAULT_MAX_ATTEMPTS}, through the prelude of every script
 * ({@link #luaPrelude()}); {@link TaskInfo#fromHash} is the one Java reader.
 *
 * <ul>
 *   <li>An absent field holds its default: {@link #ATTEMPT} 0, {@link #MAX_ATTEMPTS}
 *       {@link NewTask#DEFAULT_MAX_ATTEMPTS}, {@link #TIMEOUT_MS} 0 (the worker's default), no
 *       {@link #KEY}, and {@link #RESULT} {@code null} for a succeeded task.
 *   <li>{@link #SUBMITTED} and {@link #ASSIGNED} are epoch milliseconds. {@link #STARTED},
 *       {@link #FINISHED} and {@link #RETRY_AT} are milliseconds after {@link #SUBMITTED}, which
 *       never changes: listpack stores a number below 2<sup>23</sup> (about 2.3 hours) in at
 *       most 4 bytes and an epoch time in 9. The scripts that write them read the task anyway;
 *       {@link #ASSIGNED} is written by placement, which does not.
 *   <li>{@link #STATUS} is a one-letter code, {@link TaskStatus#code()}.
 * </ul>
 */
public final class TaskFields {
  /** Task type: the handler that runs it. */
  public static final String TYPE = "t";
  /** Payload, JSON text as submitted. */
  public static final String PAYLOAD = "p";
  /** Affinity key (key-affinity placement); absent when none. */
  public static final String KEY = "k";
  /** Status code, {@link TaskStatus#code()}. */
  public static final String STATUS = "s";
  /** Attempts started so far, the fencing token; absent: 0. */
  public static final String ATTEMPT = "a";
  /** Most attempts; absent: {@link NewTask#DEFAULT_MAX_ATTEMPTS}. */
  public static final String MAX_ATTEMPTS = "m";
  /** Timeout of one attempt in milliseconds; absent: 0, the worker's default. */
  public static final String TIMEOUT_MS = "o";
  /** The worker it is assigned to or ran on; empty or absent when none. */
  public static final String WORKER = "w";
  /** When it was submitted, epoch milliseconds. */
  public static final String SUBMITTED = "c";
  /** When it was last assigned to a worker, epoch milliseconds. */
  public static final String ASSIGNED = "g";
  /** When its last attempt started, milliseconds after {@link #SUBMITTED}. */
  public static final String STARTED = "b";
  /** When its last attempt ended, milliseconds after {@link #SUBMITTED}. */
  public static final String FINISHED = "f";
  /** Run time of its last attempt, microseconds. */
  public static final String RUN_US = "u";
  /** Result of the successful attempt, JSON text; absent for {@code null}. */
  public static final String RESULT = "r";
  /** Error of the last failed attempt, or why it is dead. */
  public static final String ERROR = "e";
  /** When the next attempt is due while retrying, milliseconds after {@link #SUBMITTED}. */
  public static final String RETRY_AT = "d";

  /** Every field by the name Lua code uses for it, {@code F.<name>}. */
  static final Map<String, String> BY_LUA_NAME = byLuaName();

  private TaskFields() {}

  /**
   * Lua definitions of the fields ({@code F}), the status codes ({@code S}) and the default of
   * an absent max_attempts, for the prelude every script starts with.
   */
  public static String luaPrelude() {
    StringBuilder b = new StringBuilder("local F = {");
    BY_LUA_NAME.forEach((name, field) -> b.append(' ').append(name).append(" = '")
        .append(field).append("',"));
    b.setLength(b.length() - 1);
    b.append(" }\nlocal S = {");
    for (TaskStatus s : TaskStatus.values()) {
      b.append(' ').append(s.wire()).append(" = '").append(s.code()).append("',");
    }
    b.setLength(b.length() - 1);
    b.append(" }\nlocal DEFAULT_MAX_ATTEMPTS = ").append(NewTask.DEFAULT_MAX_ATTEMPTS).append('\n');
    return b.toString();
  }

  private static Map<String, String> byLuaName() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("type", TYPE);
    m.put("payload", PAYLOAD);
    m.put("key", KEY);
    m.put("status", STATUS);
    m.put("attempt", ATTEMPT);
    m.put("max_attempts", MAX_ATTEMPTS);
    m.put("timeout_ms", TIMEOUT_MS);
    m.put("worker", WORKER);
    m.put("submitted", SUBMITTED);
    m.put("assigned", ASSIGNED);
    m.put("started", STARTED);
    m.put("finished", FINISHED);
    m.put("run_us", RUN_US);
    m.put("result", RESULT);
    m.put("error", ERROR);
    m.put("retry_at", RETRY_AT);
    return Collections.unmodifiableMap(m);
  }
}
