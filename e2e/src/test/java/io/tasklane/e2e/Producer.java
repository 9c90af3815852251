package io.tasklane.e2e;

import io.tasklane.redis.Redis;
import io.tasklane.redis.RedisUrl;
import io.tasklane.redis.TaskQueue;
import io.tasklane.task.NewTask;
import io.tasklane.task.TaskInfo;
import io.tasklane.task.TaskStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A producer inside the test JVM: submits through the same {@link TaskQueue} (the submit
 * script) that submit-task uses, so "acknowledged" means exactly what it means there: the
 * script call returned. Also reads tasks back for assertions.
 */
final class Producer implements AutoCloseable {
  private static final int READ_CHUNK = 500;

  final Redis redis;
  final TaskQueue queue;

  private Producer(Redis redis) {
    this.redis = redis;
    this.queue = new TaskQueue(redis, "default", Clock.systemUTC());
  }

  /** Connects; {@code commandTimeout} is how long one call may wait (a paused Redis, say). */
  static Producer connect(String url, Duration commandTimeout) {
    return new Producer(Redis.connect(RedisUrl.parse(url), Duration.ofSeconds(5), commandTimeout,
        "tasklane-e2e-producer"));
  }

  /** {@code n} tasks of type sleep, IDs prefix-0 … prefix-(n-1). */
  static List<NewTask> sleeps(String prefix, int n, int ms) {
    List<NewTask> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(NewTask.of("sleep", "{\"ms\":" + ms + "}").withId(prefix + "-" + i));
    }
    return out;
  }

  static List<String> ids(List<NewTask> tasks) {
    return tasks.stream().map(NewTask::id).toList();
  }

  /** Submits in script calls of up to 200 tasks; returns when all are acknowledged. */
  List<String> submit(List<NewTask> tasks) {
    for (int i = 0; i < tasks.size(); i += 200) {
      queue.submit(tasks.subList(i, Math.min(i + 200, tasks.size())), false);
    }
    return ids(tasks);
  }

  /** Every task as stored; an unknown ID fails the test. */
  List<TaskInfo> tasks(Collection<String> ids) {
    List<String> all = new ArrayList<>(ids);
    List<TaskInfo> out = new ArrayList<>(all.size());
    for (int i = 0; i < all.size(); i += READ_CHUNK) {
      List<String> chunk = all.subList(i, Math.min(i + READ_CHUNK, all.size()));
      List<TaskInfo> got = queue.tasks(chunk);
      for (int j = 0; j < got.size(); j++) {
        if (got.get(j) == null) throw new AssertionError("task " + chunk.get(j) + " is gone");
        out.add(got.get(j));
      }
    }
    return out;
  }

  /** How many of the tasks are in each status ("missing" for unknown IDs). */
  Map<String, Integer> statusCounts(Collection<String> ids) {
    List<String> all = new ArrayList<>(ids);
    Map<String, Integer> counts = new TreeMap<>();
    for (int i = 0; i < all.size(); i += READ_CHUNK) {
      for (TaskStatus s : queue.statuses(all.subList(i, Math.min(i + READ_CHUNK, all.size())))) {
        counts.merge(s == null ? "missing" : s.wire(), 1, Integer::sum);
      }
    }
    return counts;
  }

  /** True when every task succeeded; false while any is unfinished or Redis does not answer. */
  boolean allSucceeded(Collection<String> ids) {
    try {
      return statusCounts(ids).equals(Map.of("succeeded", ids.size()));
    } catch (RuntimeException redisDown) {
      return false;
    }
  }

  /**
   * Waits until every task succeeded; on timeout fails saying how many are in each status and
   * naming a few that did not succeed.
   */
  void awaitAllSucceeded(Collection<String> ids, Duration atMost) {
    try {
      org.awaitility.Awaitility.await().atMost(atMost).pollInterval(Duration.ofMillis(100))
          .until(() -> allSucceeded(ids));
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      List<String> unfinished = new ArrayList<>();
      for (TaskInfo t : queue.tasks(new ArrayList<>(ids).subList(0, Math.min(ids.size(), 5000)))) {
        if (t != null && t.status() != TaskStatus.SUCCEEDED && unfinished.size() < 5) {
          unfinished.add(t.id() + " " + t.status().wire() + " attempt " + t.attempt()
              + (t.worker() == null ? "" : " on " + t.worker()));
        }
      }
      throw new AssertionError("not every task succeeded within " + atMost.toSeconds() + " s: "
          + statusCounts(ids) + "; for example " + unfinished, e);
    }
  }

  @Override
  public void close() {
    redis.close();
  }

  /**
   * Submits small batches of short sleep tasks back to back on its own thread until stopped,
   * through outages: a batch whose call returned is acknowledged; one whose call failed is not
   * (it may or may not have been written) and is not retried.
   */
  static final class Stream implements AutoCloseable {
    private final Producer producer;
    private final String prefix;
    private final int batch;
    private final int ms;
    private final Thread thread;
    private final ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
    private final AtomicInteger acked = new AtomicInteger();
    private final AtomicLong failedCalls = new AtomicLong();
    private volatile boolean stop;
    private volatile RuntimeException unexpected;

    Stream(Producer producer, String prefix, int batch, int ms) {
      this.producer = producer;
      this.prefix = prefix;
      this.batch = batch;
      this.ms = ms;
      this.thread = Thread.ofPlatform().name("e2e-producer-" + prefix).daemon(true)
          .unstarted(this::loop);
      thread.start();
    }

    private void loop() {
      int n = 0;
      while (!stop) {
        List<NewTask> tasks = new ArrayList<>(batch);
        for (int i = 0; i < batch; i++) {
          tasks.add(NewTask.of("sleep", "{\"ms\":" + ms + "}").withId(prefix + "-" + n++));
        }
        try {
          producer.queue.submit(tasks, false);
          tasks.forEach(t -> acknowledged.add(t.id()));
          acked.addAndGet(tasks.size());
        } catch (io.tasklane.error.RedisUnavailableException e) {
          failedCalls.incrementAndGet();
          try {
            Thread.sleep(20); // pace the retries of an unreachable Redis
          } catch (InterruptedException ie) {
            return;
          }
        } catch (io.tasklane.error.TasklaneException e) {
          failedCalls.incrementAndGet(); // e.g. a connection reset mid-call
        } catch (RuntimeException e) {
          unexpected = e;
          return;
        }
      }
    }

    int acknowledged() {
      if (unexpected != null) throw new AssertionError("producer failed", unexpected);
      return acked.get();
    }

    long failedCalls() { return failedCalls.get(); }

    /** Stops submitting; returns the IDs of every acknowledged task. */
    List<String> stop() throws InterruptedException {
      stop = true;
      thread.join(30_000);
      if (unexpected != null) throw new AssertionError("producer failed", unexpected);
      return List.copyOf(acknowledged);
    }

    @Override
    public void close() throws InterruptedException {
      stop = true;
      thread.join(30_000);
    }
  }
}
