package io.tasklane.redis;

import java.util.List;

/** Typed call of {@code drain.lua}: a worker stops receiving tasks. */
final class DrainScript {
  static final LuaScript SCRIPT = LuaScript.load("drain");
  static final List<String> ARGV = List.of("worker");

  private DrainScript() {}

  static boolean run(Redis redis, Keys keys, String worker) {
    return redis.evalLong(SCRIPT, keys.prefix(), worker) == 1;
  }
}
