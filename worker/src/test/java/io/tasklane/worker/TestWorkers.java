package io.tasklane.worker;

import io.tasklane.redis.Redis;
import io.tasklane.testing.TestRedis;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

/** In-process workers with short timers for tests against a real Redis. */
final class TestWorkers {
  static final String QUEUE = "q";

  private TestWorkers() {}

  /** Settings with a fast heartbeat, so recovery paths run within a test's seconds. */
  static WorkerConfig.Builder config(String id, int concurrency) {
    return WorkerConfig.builder().queue(QUEUE).id(id).concurrency(concurrency)
        .heartbeat(Duration.ofMillis(200)).ttl(Duration.ofSeconds(2))
        .grace(Duration.ofSeconds(5));
  }

  static Worker start(TestRedis redis, WorkerConfig config) {
    return start(redis::connect, config);
  }

  static Worker start(Supplier<Redis> connector, WorkerConfig config) {
    return start(connector, config, HandlerRegistry.load(config.sleepScale()));
  }

  static Worker start(Supplier<Redis> connector, WorkerConfig config, HandlerRegistry handlers) {
    Worker w = new Worker(config, handlers, connector, Clock.systemUTC());
    w.start();
    return w;
  }
}
