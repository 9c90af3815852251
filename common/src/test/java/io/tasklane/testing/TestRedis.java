package io.tasklane.testing;

import io.tasklane.redis.Redis;
import io.tasklane.redis.RedisUrl;
import java.time.Duration;

/** The Redis a test runs against: its URL, new connections, and raw reads for assertions. */
public final class TestRedis implements AutoCloseable {
  private final String url;
  private final RedisProbe probe;

  TestRedis(String url) {
    this.url = url;
    this.probe = new RedisProbe(url);
  }

  /** A Redis of the test's own (a {@link RedisServerProcess}, say); the caller closes it. */
  public static TestRedis at(String url) { return new TestRedis(url); }

  public String url() { return url; }

  /** A new connection; the caller closes it. */
  public Redis connect() {
    return Redis.connect(RedisUrl.parse(url), Duration.ofSeconds(3), Duration.ofSeconds(10), "test");
  }

  /** Raw reads and writes of Redis state, for seeding and assertions. */
  public RedisProbe probe() { return probe; }

  @Override
  public void close() { probe.close(); }
}
