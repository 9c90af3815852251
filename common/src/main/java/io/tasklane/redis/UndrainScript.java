package io.tasklane.redis;

import java.util.List;

/** Typed call of {@code undrain.lua}: a draining worker takes tasks again. */
final class UndrainScript {
  static final LuaScript SCRIPT = LuaScript.load("undrain");
  static final List<String> ARGV = List.of("worker");

  private UndrainScript() {}

  static boolean run(Redis redis, Keys keys, String worker) {
    return redis.evalLong(SCRIPT, keys.prefix(), worker) == 1;
  }
}
