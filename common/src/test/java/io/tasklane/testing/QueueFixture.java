package io.tasklane.testing;

import io.tasklane.redis.Keys;
import io.tasklane.redis.Redis;
import io.tasklane.redis.TaskQueue;
import io.tasklane.redis.WorkerInfo;
import io.tasklane.task.NewTask;
import io.tasklane.task.TaskFields;
import io.tasklane.task.TaskStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Seeds a queue for script tests: workers, tasks, and the keys to assert on. */
public final class QueueFixture implements AutoCloseable {
  public static final Duration TTL = Duration.ofSeconds(30);

  public final Redis redis;
  public final TaskQueue queue;
  public final Keys keys;
  public final MutableClock clock;
  public final RedisProbe probe;

  public QueueFixture(TestRedis test, String queueName) {
    this.redis = test.connect();
    this.clock = MutableClock.at(1_700_000_000_000L);
    this.queue = new TaskQueue(redis, queueName, clock);
    this.keys = Keys.of(queueName);
    this.probe = test.probe();
  }

  public QueueFixture(TestRedis test) { this(test, "q"); }

  public void worker(String id, int concurrency) {
    queue.register(new WorkerInfo(id, "host", 1, concurrency, 1, "test"), TTL);
  }

  /** Submits n echo tasks with IDs prefix-0 … prefix-(n-1); returns the IDs. */
  public List<String> submit(String prefix, int n) {
    List<NewTask> tasks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      tasks.add(NewTask.of("echo", "{\"i\":" + i + "}").withId(prefix + "-" + i));
    }
    queue.submit(tasks, false);
    return tasks.stream().map(NewTask::id).toList();
  }

  /** The task's stored status by its wire name ("running"), null when there is none. */
  public String status(String id) {
    String code = probe.hget(keys.task(id), TaskFields.STATUS);
    return code == null ? null : TaskStatus.fromCode(code).wire();
  }

  public String workerOf(String id) { return probe.hget(keys.task(id), TaskFields.WORKER); }

  public long inflight(String w) { return Long.parseLong(probe.hget(keys.worker(w), "inflight")); }

  @Override
  public void close() { redis.close(); }
}
