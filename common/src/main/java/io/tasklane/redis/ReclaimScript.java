package io.tasklane.redis;

import java.util.List;

/** Typed call of {@code reclaim.lua}: takes dead workers' tasks back. */
final class ReclaimScript {
  static final LuaScript SCRIPT = LuaScript.load("reclaim");
  static final List<String> ARGV = List.of("now", "limit");

  private ReclaimScript() {}

  static Reclaim run(Redis redis, Keys keys, long now, int limit) {
    List<Object> r = redis.eval(SCRIPT, keys.prefix(), Long.toString(now), Integer.toString(limit));
    return new Reclaim(((Number) r.get(0)).intValue(), ((Number) r.get(1)).intValue(),
        ((Number) r.get(2)).intValue());
  }
}
