package io.tasklane.redis;

import java.util.List;

/** Typed call of {@code promote.lua}: due delayed tasks (retries) go to the backlog. */
final class PromoteScript {
  static final LuaScript SCRIPT = LuaScript.load("promote");
  static final List<String> ARGV = List.of("now", "limit");

  private PromoteScript() {}

  static Promotion run(Redis redis, Keys keys, long now, int limit) {
    List<Object> r = redis.eval(SCRIPT, keys.prefix(), Long.toString(now), Integer.toString(limit));
    return new Promotion(((Number) r.get(0)).intValue(), ((Number) r.get(1)).longValue());
  }
}
