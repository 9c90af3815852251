package io.tasklane.client;

import io.tasklane.error.InvalidInputException;
import io.tasklane.redis.Redis;
import io.tasklane.redis.RedisUrl;
import io.tasklane.redis.SubmitResult;
import io.tasklane.redis.TaskQueue;
import io.tasklane.task.NewTask;
import io.tasklane.task.TaskInfo;
import io.tasklane.task.TaskStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;

/**
 * The Java API for producers: submit one task or many (one round trip per batch of
 * {@link #BATCH}), read a task, await results.
 *
 * <pre>{@code
 * try (TasklaneClient client = TasklaneClient.builder().redis("redis://localhost:6379").build()) {
 *   String id = client.submit(NewTask.of("echo", "{\"hello\":1}"));
 *   TaskInfo done = client.await(id, Duration.ofSeconds(10));
 * }
 * }</pre>
 */
public final class TasklaneClient implements AutoCloseable {
  /** Tasks per script call when submitting many. */
  public static final int BATCH = 500;
  /** How often awaiting re-reads task states, in case a finish announcement was lost. */
  static final Duration POLL = Duration.ofSeconds(2);

  private final TaskQueue queue;
  private final Clock clock;
  private final int maxPayloadBytes;
  private final boolean ownsRedis;
  private final boolean checkTypes;

  TasklaneClient(TaskQueue queue, Clock clock, int maxPayloadBytes, boolean ownsRedis,
      boolean checkTypes) {
    this.queue = queue;
    this.clock = clock;
    this.maxPayloadBytes = maxPayloadBytes;
    this.ownsRedis = ownsRedis;
    this.checkTypes = checkTypes;
  }

  public static TasklaneClientBuilder builder() {
    return new TasklaneClientBuilder();
  }

  public TaskQueue queue() { return queue; }

  /** Validates and submits one task; returns its ID. An existing ID is an error. */
  public String submit(NewTask task) {
    return submit(task, false);
  }

  /**
   * Validates and submits one task; returns its ID. With {@code ifAbsent}, an existing task
   * with the same ID is left as it is (and its ID returned) instead of being an error.
   */
  public String submit(NewTask task, boolean ifAbsent) {
    queue.submit(List.of(task.validate(maxPayloadBytes)), ifAbsent, checkTypes);
    return task.id();
  }

  /**
   * Validates every task first (nothing is submitted when one is invalid or two share an ID),
   * then submits them in batches, one script call each. {@code progress} gets the running
   * count after each batch. Returns the IDs skipped because they existed (with {@code
   * ifAbsent}); without it an existing ID fails that batch and those after it.
   */
  public List<String> submitAll(List<NewTask> tasks, boolean ifAbsent, IntConsumer progress) {
    Set<String> seen = new HashSet<>();
    for (NewTask t : tasks) {
      t.validate(maxPayloadBytes);
      if (!seen.add(t.id())) {
        throw new InvalidInputException("task id '" + t.id() + "' appears twice in the batch");
      }
    }
    List<String> skipped = new ArrayList<>();
    int done = 0;
    for (int i = 0; i < tasks.size(); i += BATCH) {
      List<NewTask> batch = tasks.subList(i, Math.min(i + BATCH, tasks.size()));
      SubmitResult r = queue.submit(batch, ifAbsent, checkTypes);
      skipped.addAll(r.skipped());
      done += batch.size();
      if (progress != null) progress.accept(done);
    }
    return skipped;
  }

  /** The task, or null when no task has that ID. */
  public TaskInfo get(String id) {
    return queue.task(id);
  }

  /**
   * Waits until the task reaches a final status and returns it.
   *
   * @throws TimeoutException when it has not finished within {@code timeout}
   */
  public TaskInfo await(String id, Duration timeout) throws TimeoutException, InterruptedException {
    awaitAll(List.of(id), timeout, null);
    return queue.task(id);
  }

  /**
   * Waits until every task has reached a final status. {@code progress} gets the number
   * finished so far whenever it grows.
   *
   * @throws TimeoutException when some have not finished within {@code timeout}
   */
  public void awaitAll(Collection<String> ids, Duration timeout, IntConsumer progress)
      throws TimeoutException, InterruptedException {
    Set<String> pending = new LinkedHashSet<>(ids);
    ReentrantLock lock = new ReentrantLock();
    Condition changed = lock.newCondition();
    int total = pending.size();
    java.util.concurrent.atomic.AtomicLong lastEvent =
        new java.util.concurrent.atomic.AtomicLong(clock.millis());
    queue.onFinished(finished -> {
      lock.lock();
      try {
        lastEvent.set(clock.millis());
        if (pending.removeAll(finished)) changed.signalAll();
      } finally {
        lock.unlock();
      }
    });
    long deadline = clock.millis() + timeout.toMillis();
    try {
      pruneFinished(pending, lock);
      int reported = -1;
      while (true) {
        int left;
        lock.lock();
        try {
          left = pending.size();
          if (left > 0) changed.await(Math.min(POLL.toMillis(),
              Math.max(1, deadline - clock.millis())), java.util.concurrent.TimeUnit.MILLISECONDS);
          left = pending.size();
        } finally {
          lock.unlock();
        }
        if (progress != null && total - left != reported) {
          reported = total - left;
          progress.accept(reported);
        }
        if (left == 0) return;
        if (clock.millis() >= deadline) {
          pruneFinished(pending, lock);
          if (pending.isEmpty()) return;
          throw new TimeoutException(pending.size() + " of " + total
              + " tasks had not finished after " + timeout.toMillis() + " ms");
        }
        // Announcements may be lost: re-read the states once they have been quiet a while.
        if (clock.millis() - lastEvent.get() >= POLL.toMillis()) {
          pruneFinished(pending, lock);
          lastEvent.set(clock.millis());
        }
      }
    } finally {
      queue.stopOnFinished();
    }
  }

  /** Reads the states of pending tasks (in pipelined chunks) and drops the finished ones. */
  private void pruneFinished(Set<String> pending, ReentrantLock lock) {
    List<String> snapshot;
    lock.lock();
    try {
      snapshot = new ArrayList<>(pending);
    } finally {
      lock.unlock();
    }
    for (int i = 0; i < snapshot.size(); i += 1000) {
      List<String> chunk = snapshot.subList(i, Math.min(i + 1000, snapshot.size()));
      List<TaskStatus> statuses = queue.statuses(chunk);
      List<String> done = new ArrayList<>();
      for (int j = 0; j < chunk.size(); j++) {
        TaskStatus s = statuses.get(j);
        if (s == null || s.isFinal()) done.add(chunk.get(j));
      }
      lock.lock();
      try {
        done.forEach(pending::remove);
      } finally {
        lock.unlock();
      }
    }
  }

  @Override
  public void close() {
    if (ownsRedis) queue.redis().close();
  }

  /** Builds a client; connects on {@link #build()}. */
  public static final class TasklaneClientBuilder {
    private String url = RedisUrl.DEFAULT;
    private String queue = "default";
    private Clock clock = Clock.systemUTC();
    private int maxPayloadBytes = NewTask.DEFAULT_MAX_PAYLOAD_BYTES;
    private Duration connectTimeout = Duration.ofSeconds(3);
    private Duration commandTimeout = Duration.ofSeconds(10);
    private Redis redis;
    private boolean checkTypes = true;

    public TasklaneClientBuilder redis(String redisUrl) { this.url = redisUrl; return this; }
    /** Uses an open connection, which the client will not close. */
    public TasklaneClientBuilder connection(Redis open) { this.redis = open; return this; }
    public TasklaneClientBuilder queue(String name) { this.queue = name; return this; }
    /**
     * Accepts task types no registered worker handles (by default they are rejected once any
     * worker has registered its types).
     */
    public TasklaneClientBuilder anyType() { this.checkTypes = false; return this; }
    public TasklaneClientBuilder clock(Clock c) { this.clock = c; return this; }
    public TasklaneClientBuilder maxPayloadBytes(int n) { this.maxPayloadBytes = n; return this; }
    public TasklaneClientBuilder connectTimeout(Duration d) { this.connectTimeout = d; return this; }
    public TasklaneClientBuilder commandTimeout(Duration d) { this.commandTimeout = d; return this; }

    public TasklaneClient build() {
      if (redis != null) {
        return new TasklaneClient(new TaskQueue(redis, queue, clock), clock, maxPayloadBytes, false,
            checkTypes);
      }
      Redis r = Redis.connect(RedisUrl.parse(url), connectTimeout, commandTimeout, "tasklane-client");
      try {
        return new TasklaneClient(new TaskQueue(r, queue, clock), clock, maxPayloadBytes, true,
            checkTypes);
      } catch (RuntimeException e) {
        r.close();
        throw e;
      }
    }
  }
}
