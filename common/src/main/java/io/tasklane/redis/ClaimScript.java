package io.tasklane.redis;

import io.tasklane.task.ClaimedTask;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Typed call of {@code claim.lua}: a worker starts up to max tasks from its inbox. */
final class ClaimScript {
  static final LuaScript SCRIPT = LuaScript.load("claim");
  static final List<String> ARGV = List.of("worker", "max", "now");

  private ClaimScript() {}

  static List<ClaimedTask> run(Redis redis, Keys keys, String worker, int max, long now) {
    List<Object> r = redis.eval(SCRIPT, keys.prefix(), worker, Integer.toString(max),
        Long.toString(now));
    return decode(r, 0);
  }

  /** The same call, without waiting for the reply. */
  static CompletableFuture<List<ClaimedTask>> runAsync(Redis redis, Keys keys, String worker,
      int max, long now) {
    return redis.evalAsync(SCRIPT, keys.prefix(), worker, Integer.toString(max),
        Long.toString(now)).thenApply(r -> decode(r, 0));
  }

  /** Ends each field of a wake-up that carries tasks (lib/placement, pl_flush_inboxes). */
  static final char PUSH_SEPARATOR = '\0';

  /**
   * Reads tasks sent with a wake-up: lib/claim's five entries per task, each ended by a NUL
   * byte (no ID, type or JSON text holds one). An empty type or payload is a field the task
   * hash lacked, which the runner turns into a fatal outcome. A plain wake-up (a task ID, no
   * NUL) gives no task, and so does a malformed message: the worker then claims, and the
   * heartbeat's reconcile takes back what it held.
   */
  static List<ClaimedTask> decodePushed(String message) {
    List<ClaimedTask> out = new ArrayList<>();
    String[] f = new String[5];
    int at = 0;
    while (at < message.length()) {
      for (int k = 0; k < 5; k++) {
        int end = message.indexOf(PUSH_SEPARATOR, at);
        if (end < 0) return List.of();
        f[k] = message.substring(at, end);
        at = end + 1;
      }
      try {
        out.add(new ClaimedTask(f[0], f[1].isEmpty() ? null : f[1],
            f[2].isEmpty() ? null : f[2], Integer.parseInt(f[3]), Long.parseLong(f[4])));
      } catch (NumberFormatException e) {
        return List.of();
      }
    }
    return out;
  }

  /** Reads the five-entries-per-task list that lib/claim.lua returns, from index {@code from}. */
  static List<ClaimedTask> decode(List<Object> r, int from) {
    List<ClaimedTask> out = new ArrayList<>((r.size() - from) / 5);
    for (int i = from; i + 4 < r.size(); i += 5) {
      out.add(new ClaimedTask((String) r.get(i), (String) r.get(i + 1), (String) r.get(i + 2),
          ((Number) r.get(i + 3)).intValue(), Long.parseLong(String.valueOf(r.get(i + 4)))));
    }
    return out;
  }
}
