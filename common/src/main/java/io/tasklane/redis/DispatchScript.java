package io.tasklane.redis;

import java.util.List;

/** Typed call of {@code dispatch.lua}: assigns backlog tasks to workers with room. */
final class DispatchScript {
  static final LuaScript SCRIPT = LuaScript.load("dispatch");
  static final List<String> ARGV = List.of("now", "limit");

  private DispatchScript() {}

  static DispatchResult run(Redis redis, Keys keys, long now, int limit) {
    List<Object> r = redis.eval(SCRIPT, keys.prefix(), Long.toString(now),
        Integer.toString(limit));
    return new DispatchResult(((Number) r.get(0)).intValue(), ((Number) r.get(1)).longValue());
  }
}
