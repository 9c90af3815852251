package io.tasklane.redis;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.task.ClaimedTask;
import io.tasklane.task.Json;
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

  /**
   * Reads tasks sent with a wake-up: lib/claim.lua's list as a JSON array (a payload is JSON
   * text in a string, kept as text). A malformed message gives no task: the worker then claims,
   * and the heartbeat's reconcile takes back what the message held.
   */
  static List<ClaimedTask> decodePushed(String message) {
    JsonNode a;
    try {
      a = Json.tree(message);
    } catch (IllegalArgumentException e) {
      return List.of();
    }
    List<ClaimedTask> out = new ArrayList<>(a.size() / 5);
    for (int i = 0; i + 4 < a.size(); i += 5) {
      JsonNode payload = a.get(i + 2);
      out.add(new ClaimedTask(a.get(i).asText(), a.get(i + 1).isTextual()
          ? a.get(i + 1).asText() : null, payload.isTextual() ? payload.asText() : null,
          a.get(i + 3).asInt(), Long.parseLong(a.get(i + 4).asText("0"))));
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
