package io.tasklane.scheduler.cli;

import io.tasklane.redis.Redis;
import io.tasklane.redis.TaskQueue;
import io.tasklane.redis.WorkerInfo;
import io.tasklane.task.ClaimedTask;
import io.tasklane.task.Outcome;
import io.tasklane.testing.TestRedis;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** A worker driven by the test: registers, then claims and completes tasks when told to. */
final class FakeWorker implements AutoCloseable {
  final String id;
  final TaskQueue queue;
  private final Redis redis;

  FakeWorker(TestRedis test, String queueName, String id, int concurrency) {
    this.id = id;
    this.redis = test.connect();
    this.queue = new TaskQueue(redis, queueName, Clock.systemUTC());
    queue.register(new WorkerInfo(id, "test-host", 1, concurrency, 1, "test"),
        Duration.ofSeconds(30));
  }

  /** Claims what its inbox holds and completes each task with the outcome chosen for it. */
  int runAll(Function<ClaimedTask, Outcome> handler) {
    List<ClaimedTask> claimed = queue.claim(id, 1000);
    List<Outcome> outcomes = new ArrayList<>();
    for (ClaimedTask t : claimed) outcomes.add(handler.apply(t));
    if (!outcomes.isEmpty()) queue.complete(id, outcomes, 0);
    return claimed.size();
  }

  @Override
  public void close() {
    redis.close();
  }
}
