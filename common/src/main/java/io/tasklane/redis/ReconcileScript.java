package io.tasklane.redis;

import java.util.Collection;
import java.util.List;

/** Typed call of {@code reconcile.lua}: takes back claims a live worker does not run. */
final class ReconcileScript {
  static final LuaScript SCRIPT = LuaScript.load("reconcile");
  static final List<String> ARGV = List.of("worker", "now", "grace_ms");

  private ReconcileScript() {}

  /** Returns how many tasks were requeued or dead-lettered. */
  static int run(Redis redis, Keys keys, String worker, long now, long graceMs,
      Collection<String> running) {
    String[] args = new String[3 + running.size()];
    args[0] = worker;
    args[1] = Long.toString(now);
    args[2] = Long.toString(graceMs);
    int i = 3;
    for (String id : running) args[i++] = id;
    List<Object> r = redis.eval(SCRIPT, keys.prefix(), args);
    return ((Number) r.get(0)).intValue() + ((Number) r.get(1)).intValue();
  }
}
