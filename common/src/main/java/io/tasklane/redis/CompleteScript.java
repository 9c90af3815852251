package io.tasklane.redis;

import io.tasklane.task.Outcome;
import io.tasklane.task.RunTimeHistogram;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Typed call of {@code complete.lua}: records a batch of outcomes, fenced by attempt, and claims
 * the next tasks in the same call. Failures carry a random jitter for their retry delay.
 */
final class CompleteScript {
  static final LuaScript SCRIPT = LuaScript.load("complete");
  static final List<String> ARGV = List.of("worker", "now", "claim_max", "count");

  private CompleteScript() {}

  static Completion run(Redis redis, Keys keys, String worker, long now, List<Outcome> outcomes,
      int claimMax) {
    return decode(redis.eval(SCRIPT, keys.prefix(), args(worker, now, outcomes, claimMax)));
  }

  /** The same call, without waiting for the reply. */
  static CompletableFuture<Completion> runAsync(Redis redis, Keys keys, String worker, long now,
      List<Outcome> outcomes, int claimMax) {
    return redis.evalAsync(SCRIPT, keys.prefix(), args(worker, now, outcomes, claimMax))
        .thenApply(CompleteScript::decode);
  }

  private static String[] args(String worker, long now, List<Outcome> outcomes, int claimMax) {
    String[] args = new String[4 + outcomes.size() * 8];
    ThreadLocalRandom random = ThreadLocalRandom.current();
    args[0] = worker;
    args[1] = Long.toString(now);
    args[2] = Integer.toString(claimMax);
    args[3] = Integer.toString(outcomes.size());
    int i = 4;
    for (Outcome o : outcomes) {
      args[i++] = o.id();
      args[i++] = Integer.toString(o.attempt());
      args[i++] = o.kind().wire();
      args[i++] = o.body() == null ? "" : o.body();
      args[i++] = Long.toString(o.runMicros());
      args[i++] = Integer.toString(RunTimeHistogram.bucketOf(o.runMicros()));
      args[i++] = o.ok() ? "0" : Double.toString(random.nextDouble());
      args[i++] = Long.toString(o.heldMillis());
    }
    return args;
  }

  private static Completion decode(List<Object> r) {
    return new Completion(((Number) r.get(0)).intValue(), ((Number) r.get(1)).intValue(),
        ClaimScript.decode(r, 2));
  }
}
