package io.tasklane.redis;

import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.SetArgs;
import io.tasklane.dispatch.Strategy;
import io.tasklane.error.InvalidInputException;
import io.tasklane.task.ClaimedTask;
import io.tasklane.task.NewTask;
import io.tasklane.task.Outcome;
import io.tasklane.task.TaskFields;
import io.tasklane.task.TaskIds;
import io.tasklane.task.TaskInfo;
import io.tasklane.task.TaskStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One queue's operations on Redis, each a single script call or a pipelined read. Producers,
 * workers, dispatchers and the stats service all go through here; none of them sees a key name
 * or a Lettuce type.
 */
public final class TaskQueue {
  private final Redis redis;
  private final Keys keys;
  private final Clock clock;

  public TaskQueue(Redis redis, String queue, Clock clock) {
    this.redis = redis;
    this.keys = Keys.of(queue);
    this.clock = clock;
  }

  public String name() { return keys.queue(); }

  public Redis redis() { return redis; }

  private long now() { return clock.millis(); }

  // --- producers ---------------------------------------------------------------------------

  /**
   * Stores and places the tasks in one script call; all or nothing. Tasks must be validated.
   * A type no registered worker handles is rejected once any worker has registered types.
   */
  public SubmitResult submit(List<NewTask> tasks, boolean ifAbsent) {
    return submit(tasks, ifAbsent, true);
  }

  /** As {@link #submit(List, boolean)}; {@code checkTypes} false accepts any type. */
  public SubmitResult submit(List<NewTask> tasks, boolean ifAbsent, boolean checkTypes) {
    if (tasks.isEmpty()) return new SubmitResult(0, 0, List.of());
    return SubmitScript.run(redis, keys, now(), ifAbsent, checkTypes, tasks);
  }

  /** The task, or null when there is none with that ID. */
  public TaskInfo task(String id) {
    TaskIds.check(id);
    return TaskInfo.fromHash(id, redis.call(() -> redis.sync().hgetall(keys.task(id))));
  }

  /** Several tasks in one pipelined round trip; null entries for unknown IDs. */
  public List<TaskInfo> tasks(List<String> ids) {
    List<RedisFuture<Map<String, String>>> replies = new ArrayList<>(ids.size());
    for (String id : ids) replies.add(redis.async().hgetall(keys.task(TaskIds.check(id))));
    List<Map<String, String>> hashes = redis.pipelined(replies);
    List<TaskInfo> out = new ArrayList<>(ids.size());
    for (int i = 0; i < ids.size(); i++) out.add(TaskInfo.fromHash(ids.get(i), hashes.get(i)));
    return out;
  }

  /** The statuses of several tasks in one pipelined round trip; null for unknown IDs. */
  public List<TaskStatus> statuses(List<String> ids) {
    List<RedisFuture<String>> replies = new ArrayList<>(ids.size());
    for (String id : ids) replies.add(redis.async().hget(keys.task(id), TaskFields.STATUS));
    List<String> raw = redis.pipelined(replies);
    List<TaskStatus> out = new ArrayList<>(ids.size());
    for (String s : raw) out.add(s == null ? null : TaskStatus.fromCode(s));
    return out;
  }

  /** Calls {@code listener} with the IDs of tasks as they finish (at most once: may miss some). */
  public void onFinished(Consumer<List<String>> listener) {
    redis.subscribe(keys.events(), msg -> listener.accept(Arrays.asList(msg.split("\n"))));
  }

  public void stopOnFinished() {
    redis.unsubscribe(keys.events());
  }

  // --- strategy ----------------------------------------------------------------------------

  public void setStrategy(Strategy strategy) {
    setStrategy(strategy, PlacementOptions.UNCHANGED);
  }

  /** Sets the strategy and placement options (a null strategy or option is left as it is). */
  public void setStrategy(Strategy strategy, PlacementOptions options) {
    SetStrategyScript.run(redis, keys, strategy, options);
  }

  /** The queue's strategy: the default when none was set. */
  public Strategy strategy() {
    String s = redis.call(() -> redis.sync().hget(keys.config(), "strategy"));
    return s == null ? Strategy.DEFAULT : Strategy.fromWire(s);
  }

  // --- workers -----------------------------------------------------------------------------

  /** Registers a worker that declares no task types. */
  public int register(WorkerInfo worker, Duration ttl) {
    return register(worker, ttl, List.of());
  }

  /**
   * Registers a worker with the task types it has handlers for; returns the unstarted tasks it
   * already holds from an earlier process with its ID (tasks that process left running are
   * taken back).
   */
  public int register(WorkerInfo worker, Duration ttl, Collection<String> types) {
    Keys.checkWorkerId(worker.id());
    if (worker.concurrency() < 1) {
      throw new InvalidInputException("concurrency must be at least 1, not " + worker.concurrency());
    }
    if (worker.weight() < 1) {
      throw new InvalidInputException("weight must be at least 1, not " + worker.weight());
    }
    return RegisterScript.run(redis, keys, worker, now(), ttl.toMillis(), types);
  }

  public Heartbeat heartbeat(String worker, Duration ttl) {
    return HeartbeatScript.run(redis, keys, worker, now(), ttl.toMillis());
  }

  public List<ClaimedTask> claim(String worker, int max) {
    return ClaimScript.run(redis, keys, worker, max, now());
  }

  /** Records outcomes (fenced by attempt) and claims up to {@code claimMax} more, in one call. */
  public Completion complete(String worker, List<Outcome> outcomes, int claimMax) {
    return CompleteScript.run(redis, keys, worker, now(), outcomes, claimMax);
  }

  /**
   * {@link #claim} without waiting: the future completes on a Lettuce thread (keep what runs
   * there short), failing with a {@link io.tasklane.error.TasklaneException}.
   */
  public CompletableFuture<List<ClaimedTask>> claimAsync(String worker, int max) {
    return ClaimScript.runAsync(redis, keys, worker, max, now());
  }

  /** {@link #complete} without waiting, as {@link #claimAsync}. */
  public CompletableFuture<Completion> completeAsync(String worker, List<Outcome> outcomes,
      int claimMax) {
    return CompleteScript.runAsync(redis, keys, worker, now(), outcomes, claimMax);
  }

  /** The worker gets no new tasks; not done when it is not registered (or gone). */
  public StateChange drain(String worker) {
    return DrainScript.run(redis, keys, worker);
  }

  /** A draining worker takes tasks again; not done when it is not draining or not alive. */
  public StateChange undrain(String worker) {
    Keys.checkWorkerId(worker);
    return UndrainScript.run(redis, keys, worker);
  }

  public Handback deregister(String worker) {
    return DeregisterScript.run(redis, keys, worker, now());
  }

  /** Calls {@code wake} when tasks are assigned to the worker (at most once: may miss some). */
  public void onAssigned(String worker, Runnable wake) {
    redis.subscribe(keys.workerChannel(worker), msg -> wake.run());
  }

  /**
   * Like {@link #onAssigned(String, Runnable)} for a worker registered with
   * {@link WorkerInfo#push()}: tasks claimed for it and sent with a wake-up go to
   * {@code pushed} (they are running on it in Redis; it must start them, or release them), any
   * other wake-up to {@code wake}. Called on the connection's thread.
   */
  public void onAssigned(String worker, Consumer<List<ClaimedTask>> pushed, Runnable wake) {
    redis.subscribe(keys.workerChannel(worker), msg -> {
      List<ClaimedTask> tasks = ClaimScript.decodePushed(msg); // none from a plain wake-up
      if (tasks.isEmpty()) {
        wake.run();
      } else {
        pushed.accept(tasks);
      }
    });
  }

  public void stopOnAssigned(String worker) {
    redis.unsubscribe(keys.workerChannel(worker));
  }

  /**
   * Takes back tasks in the worker's active set that it does not run and that started more than
   * {@code grace} ago (claims whose replies were lost, tasks sent with a lost wake-up), their
   * attempt counted; returns how many.
   */
  public int reconcile(String worker, Duration grace, Collection<String> running) {
    return ReconcileScript.run(redis, keys, worker, now(), grace.toMillis(), running);
  }

  // --- recovery ----------------------------------------------------------------------------

  /** Reclaims up to {@code limit} workers whose heartbeat has expired. */
  public Reclaim reclaim(int limit) {
    return ReclaimScript.run(redis, keys, now(), limit);
  }

  /**
   * Forgets up to {@code limit} workers that left (deregistered or reclaimed) more than
   * {@code keep} ago and hold no task: their description, counters and throughput ring are
   * deleted. Returns how many were forgotten.
   */
  public int forgetDeparted(Duration keep, int limit) {
    return ForgetScript.run(redis, keys, now(), keep.toMillis(), limit);
  }

  /** Moves up to {@code limit} due retries to the backlog and places them. */
  public Promotion promote(int limit) {
    return PromoteScript.run(redis, keys, now(), limit);
  }

  /**
   * Asks for the turn to run the workers' fallback recovery for {@code period}: true when no
   * one holds it, and {@code worker} now does; false when another worker (or this one) holds
   * it. One command.
   */
  public boolean takeRecoveryTurn(String worker, Duration period) {
    String ok = redis.call(() -> redis.sync().set(keys.recovery(), worker,
        SetArgs.Builder.nx().px(Math.max(1, period.toMillis()))));
    return ok != null;
  }

  /**
   * Calls {@code wake} when tasks enter an empty backlog, or stay in it after being handed
   * back, because no worker could take them (at most once: may miss some).
   */
  public void onBacklogGrew(Runnable wake) {
    redis.subscribe(keys.backlogChannel(), msg -> wake.run());
  }

  public void stopOnBacklogGrew() {
    redis.unsubscribe(keys.backlogChannel());
  }

  /**
   * Calls {@code wake} when a retry is scheduled before every other one waiting (at most once:
   * may miss some).
   */
  public void onRetryScheduled(Runnable wake) {
    redis.subscribe(keys.delayedChannel(), msg -> wake.run());
  }

  public void stopOnRetryScheduled() {
    redis.unsubscribe(keys.delayedChannel());
  }

  /** Sets the queue's retry backoff: base delay doubling per attempt, capped, with jitter. */
  public void setRetryBackoff(Duration base, Duration cap) {
    if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
      throw new InvalidInputException("retry backoff needs 0 < base <= cap, not base "
          + base.toMillis() + " ms and cap " + cap.toMillis() + " ms");
    }
    redis.call(() -> redis.sync().hset(keys.config(), Map.of(
        "retry_base_ms", Long.toString(base.toMillis()),
        "retry_cap_ms", Long.toString(cap.toMillis()))));
  }

  /**
   * The description with {@code seen} set to the last heartbeat: the heartbeat key's value while
   * it exists, else the recorded expiry less the TTL while the worker is not reclaimed yet.
   */
  private static Map<String, String> withLastSeen(Map<String, String> info, String lastBeat,
      Double expiry) {
    if (info == null || info.isEmpty()) return info;
    String seen = lastBeat;
    if (seen == null && expiry != null && info.get("ttl_ms") != null) {
      try {
        seen = Long.toString(expiry.longValue() - Long.parseLong(info.get("ttl_ms")));
      } catch (NumberFormatException e) {
        return info;
      }
    }
    if (seen == null) return info;
    Map<String, String> out = new HashMap<>(info);
    out.put("seen", seen);
    return out;
  }

  // --- dead letters ------------------------------------------------------------------------

  /** Dead-lettered tasks, oldest first, from {@code offset}; at most {@code count}. */
  public List<TaskInfo> deadLetters(long offset, int count) {
    if (count < 1 || offset < 0) return List.of();
    List<String> ids = redis.call(() -> redis.sync().lrange(keys.dead(), offset,
        offset + count - 1));
    List<TaskInfo> out = new ArrayList<>();
    for (TaskInfo t : tasks(ids)) if (t != null) out.add(t);
    return out;
  }

  public long deadCount() {
    return redis.call(() -> redis.sync().llen(keys.dead()));
  }

  /** Requeues dead tasks with fresh attempts; returns how many were dead and requeued. */
  public int retryDead(List<String> ids) {
    ids.forEach(TaskIds::check);
    int n = 0;
    for (int i = 0; i < ids.size(); i += 500) {
      n += DeadLetterScripts.retry(redis, keys, now(), ids.subList(i, Math.min(i + 500, ids.size())));
    }
    return n;
  }

  /** Requeues every dead task; returns how many. */
  public long retryAllDead() {
    long n = 0;
    while (true) {
      List<String> ids = redis.call(() -> redis.sync().lrange(keys.dead(), 0, 499));
      if (ids.isEmpty()) return n;
      n += DeadLetterScripts.retry(redis, keys, now(), ids); // drops every ID it is given
    }
  }

  /** Deletes every dead task; returns how many. */
  public long purgeDead() {
    long n = 0;
    while (true) {
      long[] r = DeadLetterScripts.purge(redis, keys, 500);
      n += r[0];
      if (r[1] == 0) return n;
    }
  }

  // --- dispatcher --------------------------------------------------------------------------

  public DispatchResult dispatch(int limit) {
    return DispatchScript.run(redis, keys, now(), limit);
  }

  // --- statistics --------------------------------------------------------------------------

  /**
   * Every known worker's figures, with tasks finished in the last {@code windowSeconds}
   * (at most {@link Keys#THROUGHPUT_SLOTS}), read in two pipelined round trips. Heartbeats do
   * not write the worker's {@code seen}: for a live worker it is read from its heartbeat key,
   * for one whose key lapsed but that was not reclaimed yet it is its expiry less its TTL.
   */
  public QueueSnapshot snapshot(int windowSeconds) {
    if (windowSeconds < 1 || windowSeconds > Keys.THROUGHPUT_SLOTS) {
      throw new InvalidInputException("window must be from 1 s to " + Keys.THROUGHPUT_SLOTS
          + " s, not " + windowSeconds + " s");
    }
    long now = now();
    var a = redis.async();
    RedisFuture<List<ScoredValue<String>>> known = a.zrangeWithScores(keys.known(), 0, -1);
    RedisFuture<String> strategy = a.hget(keys.config(), "strategy");
    RedisFuture<Long> backlog = a.llen(keys.backlog());
    RedisFuture<Long> delayed = a.zcard(keys.delayed());
    RedisFuture<Long> dead = a.llen(keys.dead());
    redis.awaitAll(List.of(known, strategy, backlog, delayed, dead));
    List<String> ids = new ArrayList<>();
    for (ScoredValue<String> sv : known.toCompletableFuture().join()) ids.add(sv.getValue());

    long nowSec = now / 1000;
    String[] fields = new String[windowSeconds * 2];
    for (int i = 0; i < windowSeconds; i++) {
      long slot = (nowSec - i) % Keys.THROUGHPUT_SLOTS;
      fields[2 * i] = "s" + slot;
      fields[2 * i + 1] = "c" + slot;
    }
    List<RedisFuture<?>> replies = new ArrayList<>();
    for (String w : ids) {
      replies.add(a.hgetall(keys.worker(w)));
      replies.add(a.hgetall(keys.stats(w)));
      replies.add(a.llen(keys.inbox(w)));
      replies.add(a.zcard(keys.active(w)));
      replies.add(a.get(keys.alive(w)));
      replies.add(a.hmget(keys.throughput(w), fields));
      replies.add(a.zscore(keys.expiry(), w));
    }
    redis.awaitAll(replies);
    List<Object> r = new ArrayList<>(replies.size());
    for (RedisFuture<?> f : replies) r.add(f.toCompletableFuture().join());
    List<WorkerSnapshot> workers = new ArrayList<>(ids.size());
    for (int i = 0; i < ids.size(); i++) {
      int b = i * 7;
      @SuppressWarnings("unchecked") Map<String, String> info = (Map<String, String>) r.get(b);
      String lastBeat = (String) r.get(b + 4);
      info = withLastSeen(info, lastBeat, (Double) r.get(b + 6));
      @SuppressWarnings("unchecked") Map<String, String> counters = (Map<String, String>) r.get(b + 1);
      @SuppressWarnings("unchecked") List<KeyValue<String, String>> tp =
          (List<KeyValue<String, String>>) r.get(b + 5);
      long inWindow = 0;
      for (int j = 0; j < windowSeconds; j++) {
        KeyValue<String, String> sec = tp.get(2 * j);
        KeyValue<String, String> count = tp.get(2 * j + 1);
        if (sec.hasValue() && count.hasValue()
            && Long.parseLong(sec.getValue()) == nowSec - j) {
          inWindow += Long.parseLong(count.getValue());
        }
      }
      workers.add(new WorkerSnapshot(ids.get(i), info, counters, (Long) r.get(b + 2),
          (Long) r.get(b + 3), lastBeat != null, inWindow));
    }
    String st = strategy.toCompletableFuture().join();
    return new QueueSnapshot(keys.queue(), st == null ? Strategy.DEFAULT.wire() : st,
        backlog.toCompletableFuture().join(), delayed.toCompletableFuture().join(),
        dead.toCompletableFuture().join(), now, windowSeconds, workers);
  }
}
