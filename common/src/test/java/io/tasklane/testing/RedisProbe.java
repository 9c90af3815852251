package io.tasklane.testing;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.List;
import java.util.Map;

/**
 * Raw Redis commands for tests: seed state and assert on it without going through Tasklane.
 * Returns plain Java types so tests in other modules never touch Lettuce.
 */
public final class RedisProbe implements AutoCloseable {
  private final RedisClient client;
  private final StatefulRedisConnection<String, String> connection;
  private final RedisCommands<String, String> r;

  public RedisProbe(String url) {
    client = RedisClient.create(url);
    connection = client.connect();
    r = connection.sync();
  }

  public Map<String, String> hgetall(String key) { return r.hgetall(key); }
  public String hget(String key, String field) { return r.hget(key, field); }
  public void hset(String key, String field, String value) { r.hset(key, field, value); }
  public long llen(String key) { return r.llen(key); }
  public List<String> lrange(String key) { return r.lrange(key, 0, -1); }
  public long zcard(String key) { return r.zcard(key); }
  public Double zscore(String key, String member) { return r.zscore(key, member); }
  public List<String> zrange(String key) { return r.zrange(key, 0, -1); }
  public boolean exists(String key) { return r.exists(key) == 1; }
  public long pttl(String key) { return r.pttl(key); }
  public void del(String... keys) { r.del(keys); }
  public long dbsize() { return r.dbsize(); }
  public List<String> keys(String pattern) { return r.keys(pattern); }
  public void flushall() { r.flushall(); }
  public String info(String section) { return r.info(section); }
  public String objectEncoding(String key) { return r.objectEncoding(key); }
  /** Bytes the key and its value take (MEMORY USAGE). */
  public long memoryUsage(String key) { return r.memoryUsage(key); }
  public String configSet(String name, String value) { return r.configSet(name, value); }
  public long publish(String channel, String message) { return r.publish(channel, message); }

  /** Runs any command given as words, such as {@code command("CLIENT", "PAUSE", "500")}. */
  public Object command(String... words) {
    io.lettuce.core.protocol.CommandArgs<String, String> args =
        new io.lettuce.core.protocol.CommandArgs<>(io.lettuce.core.codec.StringCodec.UTF8);
    for (int i = 1; i < words.length; i++) args.add(words[i]);
    return r.dispatch(io.lettuce.core.protocol.CommandType.valueOf(words[0].toUpperCase()),
        new io.lettuce.core.output.NestedMultiOutput<>(io.lettuce.core.codec.StringCodec.UTF8),
        args);
  }

  @Override
  public void close() {
    connection.close();
    client.shutdown();
  }
}
