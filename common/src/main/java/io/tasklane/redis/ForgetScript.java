package io.tasklane.redis;

import java.util.List;

/** Typed call of {@code forget.lua}: deletes what is kept about workers that left long ago. */
final class ForgetScript {
  static final LuaScript SCRIPT = LuaScript.load("forget");
  static final List<String> ARGV = List.of("now", "keep_ms", "limit");

  private ForgetScript() {}

  /** Returns how many workers were forgotten. */
  static int run(Redis redis, Keys keys, long now, long keepMs, int limit) {
    List<Object> r = redis.eval(SCRIPT, keys.prefix(), Long.toString(now), Long.toString(keepMs),
        Integer.toString(limit));
    return ((Number) r.get(0)).intValue();
  }
}
