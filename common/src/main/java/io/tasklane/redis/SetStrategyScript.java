package io.tasklane.redis;

import io.tasklane.dispatch.Strategy;
import java.util.List;

/** Typed call of {@code set_strategy.lua}: the queue's strategy and placement options. */
final class SetStrategyScript {
  static final LuaScript SCRIPT = LuaScript.load("set_strategy");
  static final List<String> ARGV = List.of("strategy", "steal", "steal_keyed", "affinity_bound");

  private SetStrategyScript() {}

  /** A null strategy leaves the one in force. */
  static void run(Redis redis, Keys keys, Strategy strategy, PlacementOptions options) {
    redis.eval(SCRIPT, keys.prefix(), strategy == null ? "" : strategy.wire(),
        flag(options.steal()),
        flag(options.stealKeyed()),
        options.affinityBound() == null ? "" : Double.toString(options.affinityBound()));
  }

  private static String flag(Boolean b) {
    return b == null ? "" : b ? "1" : "0";
  }
}
