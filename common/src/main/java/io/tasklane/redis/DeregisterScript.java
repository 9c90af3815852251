package io.tasklane.redis;

import java.util.List;

/** Typed call of {@code deregister.lua}: a worker leaves and hands its tasks back. */
final class DeregisterScript {
  static final LuaScript SCRIPT = LuaScript.load("deregister");
  static final List<String> ARGV = List.of("worker", "now");

  private DeregisterScript() {}

  static Handback run(Redis redis, Keys keys, String worker, long now) {
    List<Object> r = redis.eval(SCRIPT, keys.prefix(), worker, Long.toString(now));
    return new Handback(((Number) r.get(0)).intValue(), ((Number) r.get(1)).intValue(),
        ((Number) r.get(2)).intValue());
  }
}
