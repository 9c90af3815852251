package io.tasklane.redis;

import java.util.List;

/** Typed call of {@code drain.lua}: a worker stops receiving tasks. */
final class DrainScript {
  static final LuaScript SCRIPT = LuaScript.load("drain");
  static final List<String> ARGV = List.of("worker");

  private DrainScript() {}

  static StateChange run(Redis redis, Keys keys, String worker) {
    List<Object> r = redis.eval(SCRIPT, keys.prefix(), worker);
    return new StateChange(((Number) r.get(0)).intValue() == 1, (String) r.get(1));
  }
}
