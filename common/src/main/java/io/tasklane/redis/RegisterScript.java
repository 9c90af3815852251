package io.tasklane.redis;

import io.tasklane.error.InvalidInputException;
import java.util.Collection;
import java.util.List;

/** Typed call of {@code register.lua}: a worker joins the queue. */
final class RegisterScript {
  static final LuaScript SCRIPT = LuaScript.load("register");
  static final List<String> ARGV =
      List.of("worker", "host", "pid", "concurrency", "weight", "now", "ttl_ms", "version", "types",
          "push");

  private RegisterScript() {}

  /** Returns how many tasks the worker holds already (from an earlier process with its ID). */
  static int run(Redis redis, Keys keys, WorkerInfo w, long now, long ttlMs,
      Collection<String> types) {
    List<Object> r = redis.eval(SCRIPT, keys.prefix(), w.id(), w.host(), Long.toString(w.pid()),
        Integer.toString(w.concurrency()), Integer.toString(w.weight()), Long.toString(now),
        Long.toString(ttlMs), w.version(), String.join(" ", types), w.push() ? "1" : "0");
    if ("live".equals(r.get(0))) {
      throw new InvalidInputException("worker id '" + w.id() + "' is in use by a live worker "
          + "of queue '" + keys.queue() + "': choose another --id or stop that worker");
    }
    return ((Number) r.get(1)).intValue();
  }
}
