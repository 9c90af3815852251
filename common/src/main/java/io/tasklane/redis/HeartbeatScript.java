package io.tasklane.redis;

import java.util.List;

/** Typed call of {@code heartbeat.lua}: renews a worker's heartbeat key. */
final class HeartbeatScript {
  static final LuaScript SCRIPT = LuaScript.load("heartbeat");
  static final List<String> ARGV = List.of("worker", "now", "ttl_ms");

  private HeartbeatScript() {}

  static Heartbeat run(Redis redis, Keys keys, String worker, long now, long ttlMs) {
    List<Object> r = redis.eval(SCRIPT, keys.prefix(), worker, Long.toString(now),
        Long.toString(ttlMs));
    return new Heartbeat((String) r.get(0), ((Number) r.get(1)).intValue(),
        ((Number) r.get(2)).intValue());
  }
}
