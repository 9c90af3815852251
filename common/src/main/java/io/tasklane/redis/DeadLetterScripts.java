package io.tasklane.redis;

import java.util.List;

/** Typed calls of {@code retry_dead.lua} and {@code purge_dead.lua}. */
final class DeadLetterScripts {
  static final LuaScript RETRY = LuaScript.load("retry_dead");
  static final List<String> RETRY_ARGV = List.of("now");
  static final LuaScript PURGE = LuaScript.load("purge_dead");
  static final List<String> PURGE_ARGV = List.of("limit");

  private DeadLetterScripts() {}

  static int retry(Redis redis, Keys keys, long now, List<String> ids) {
    String[] args = new String[1 + ids.size()];
    args[0] = Long.toString(now);
    for (int i = 0; i < ids.size(); i++) args[i + 1] = ids.get(i);
    return (int) redis.evalLong(RETRY, keys.prefix(), args);
  }

  /** Deletes up to limit dead tasks; returns {deleted, left}. */
  static long[] purge(Redis redis, Keys keys, int limit) {
    List<Object> r = redis.eval(PURGE, keys.prefix(), Integer.toString(limit));
    return new long[] {((Number) r.get(0)).longValue(), ((Number) r.get(1)).longValue()};
  }
}
