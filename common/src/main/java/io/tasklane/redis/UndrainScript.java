package io.tasklane.redis;

import java.util.List;

/** Typed call of {@code undrain.lua}: a draining worker takes tasks again. */
final class UndrainScript {
  static final LuaScript SCRIPT = LuaScript.load("undrain");
  static final List<String> ARGV = List.of("worker");

  private UndrainScript() {}

  static StateChange run(Redis redis, Keys keys, String worker) {
    List<Object> r = redis.eval(SCRIPT, keys.prefix(), worker);
    return new StateChange(((Number) r.get(0)).intValue() == 1, (String) r.get(1));
  }
}
