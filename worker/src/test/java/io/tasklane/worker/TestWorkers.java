package io.tasklane.worker;

import io.tasklane.client.TasklaneClient;
import io.tasklane.redis.Redis;
import io.tasklane.redis.RedisUrl;
import io.tasklane.testing.TestRedis;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

/** In-process workers with short timers for tests against a real Redis. */
final class TestWorkers {
  static final String QUEUE = "q";

  private TestWorkers() {}

  /** Settings with fast heartbeat and recovery, so recovery paths run within a test's seconds. */
  static WorkerConfig.Builder config(String id, int concurrency) {
    return WorkerConfig.builder().queue(QUEUE).id(id).concurrency(concurrency)
        .heartbeat(Duration.ofMillis(200)).ttl(Duration.ofSeconds(2))
        .recoverEvery(Duration.ofMillis(100)).grace(Duration.ofSeconds(5));
  }

  static Worker start(TestRedis redis, WorkerConfig config) {
    return start(connector(redis.url(), config), config);
  }

  static Worker start(Supplier<Redis> connector, WorkerConfig config) {
    return start(connector, config, HandlerRegistry.load(config.sleepScale()));
  }

  static Worker start(Supplier<Redis> connector, WorkerConfig config, HandlerRegistry handlers) {
    Worker w = new Worker(config, handlers, connector, Clock.systemUTC());
    w.start();
    return w;
  }

  /** Connects as the worker command does: with the configured Redis call timeout. */
  static Supplier<Redis> connector(String url, WorkerConfig config) {
    return () -> Redis.connect(RedisUrl.parse(url), Duration.ofSeconds(1),
        config.redisTimeout(), "test-" + config.id());
  }

  static TasklaneClient client(String url) {
    return TasklaneClient.builder().redis(url).queue(QUEUE).build();
  }
}
