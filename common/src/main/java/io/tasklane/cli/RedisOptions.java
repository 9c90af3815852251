package io.tasklane.cli;

import io.tasklane.redis.Redis;
import io.tasklane.redis.RedisUrl;
import io.tasklane.redis.TaskQueue;
import java.time.Clock;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The --redis and --queue options every command shares. */
public final class RedisOptions {
  @Option(names = "--redis", paramLabel = "URL",
      defaultValue = "${env:TASKLANE_REDIS_URL:-" + RedisUrl.DEFAULT + "}",
      description = "Redis URL: redis://[user:password@]host[:port][/db] or rediss://… "
          + "(default: $TASKLANE_REDIS_URL, else ${DEFAULT-VALUE})")
  String redis;

  @Option(names = "--queue", paramLabel = "NAME", defaultValue = "default",
      description = "queue name (default: ${DEFAULT-VALUE})")
  String queue;

  public String queueName() { return queue; }

  public RedisUrl url() { return RedisUrl.parse(redis); }

  /** Connects with a short connect timeout, so a command fails fast when Redis is away. */
  public Redis connect(String clientName) {
    return Redis.connect(url(), Duration.ofSeconds(3), Duration.ofSeconds(10), clientName);
  }

  /** Connects with the given command timeout: long-running processes ride out outages. */
  public Redis connect(String clientName, Duration commandTimeout) {
    return Redis.connect(url(), Duration.ofSeconds(3), commandTimeout, clientName);
  }

  public TaskQueue queue(Redis redis, Clock clock) {
    return new TaskQueue(redis, queue, clock);
  }
}
