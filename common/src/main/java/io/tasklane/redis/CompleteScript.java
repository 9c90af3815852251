package io.tasklane.redis;

import io.tasklane.task.Outcome;
import io.tasklane.task.RunTimeHistogram;
import java.util.List;

/**
 * Typed call of {@code complete.lua}: records a batch of outcomes, fenced by attempt, and claims
 * the next tasks in the same call.
 */
final class CompleteScript {
  static final LuaScript SCRIPT = LuaScript.load("complete");
  static final List<String> ARGV = List.of("worker", "now", "claim_max", "count");

  private CompleteScript() {}

  static Completion run(Redis redis, Keys keys, String worker, long now, List<Outcome> outcomes,
      int claimMax) {
    String[] args = new String[4 + outcomes.size() * 6];
    args[0] = worker;
    args[1] = Long.toString(now);
    args[2] = Integer.toString(claimMax);
    args[3] = Integer.toString(outcomes.size());
    int i = 4;
    for (Outcome o : outcomes) {
      args[i++] = o.id();
      args[i++] = Integer.toString(o.attempt());
      args[i++] = o.ok() ? "1" : "0";
      args[i++] = o.body() == null ? "" : o.body();
      args[i++] = Long.toString(o.runMicros());
      args[i++] = Integer.toString(RunTimeHistogram.bucketOf(o.runMicros()));
    }
    List<Object> r = redis.eval(SCRIPT, keys.prefix(), args);
    return new Completion(((Number) r.get(0)).intValue(), ((Number) r.get(1)).intValue(),
        ClaimScript.decode(r, 2));
  }
}
