package io.tasklane.bench;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark's own connection to Redis, for what it measures: {@code INFO} (CPU, memory,
 * command counts), {@code MEMORY USAGE}, and, when profiling, the slow log. It never writes
 * data.
 */
final class RedisMeter implements AutoCloseable {
  private final RedisClient client;
  private final StatefulRedisConnection<String, String> connection;
  private final RedisCommands<String, String> sync;

  private RedisMeter(RedisClient client, StatefulRedisConnection<String, String> connection) {
    this.client = client;
    this.connection = connection;
    this.sync = connection.sync();
  }

  static RedisMeter connect(String url) {
    RedisURI uri = RedisURI.create(url);
    uri.setTimeout(Duration.ofSeconds(30));
    RedisClient client = RedisClient.create(uri);
    try {
      return new RedisMeter(client, client.connect());
    } catch (RuntimeException e) {
      client.shutdown();
      throw e;
    }
  }

  /** The fields of one {@code INFO} section. */
  Map<String, String> info(String section) {
    Map<String, String> out = new HashMap<>();
    for (String line : sync.info(section).split("\r?\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && !line.startsWith("#")) {
        out.put(line.substring(0, colon), line.substring(colon + 1));
      }
    }
    return out;
  }

  /** CPU seconds Redis has used, user and system, main thread and others. */
  double cpuSeconds() {
    Map<String, String> cpu = info("cpu");
    return Double.parseDouble(cpu.get("used_cpu_sys"))
        + Double.parseDouble(cpu.get("used_cpu_user"));
  }

  long usedMemory() {
    return Long.parseLong(info("memory").get("used_memory"));
  }

  CommandStats commandStats() {
    return CommandStats.parse(sync.info("commandstats"));
  }

  String version() {
    return info("server").get("redis_version");
  }

  /** Bytes Redis holds for one key, or -1 when it does not exist. */
  long memoryUsage(String key) {
    Long n = sync.memoryUsage(key);
    return n == null ? -1 : n;
  }

  /** Logs every command with its duration, up to {@code maxLen} entries (profiling only). */
  void logEveryCommand(int maxLen) {
    sync.configSet("slowlog-log-slower-than", "0");
    sync.configSet("slowlog-max-len", Integer.toString(maxLen));
    sync.slowlogReset();
  }

  /** The slow log, newest first. */
  List<Object> slowlog(int count) {
    return sync.slowlogGet(count);
  }

  /** Back to Redis's default threshold (10 ms). */
  void stopLogging() {
    sync.configSet("slowlog-log-slower-than", "10000");
  }

  void resetSlowlog() {
    sync.slowlogReset();
  }

  @Override
  public void close() {
    connection.close();
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }
}
