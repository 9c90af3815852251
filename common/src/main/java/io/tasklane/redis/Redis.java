package io.tasklane.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import io.tasklane.error.InvalidInputException;
import io.tasklane.error.RedisUnavailableException;
import io.tasklane.error.TasklaneException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * One connection to Redis, the seam between Tasklane and Lettuce: nothing outside this package
 * sees a Lettuce type. Commands share one multiplexed connection (safe from any thread); pub/sub
 * gets a second one on first use. Lettuce reconnects both by itself and re-subscribes. Every
 * failure becomes a {@link TasklaneException} whose message names the URL with the password
 * masked.
 */
public final class Redis implements AutoCloseable {
  private final RedisUrl url;
  private final RedisClient client;
  private final StatefulRedisConnection<String, String> connection;
  private final RedisCommands<String, String> sync;
  private final RedisAsyncCommands<String, String> async;
  private final Duration commandTimeout;
  private final Map<String, Consumer<String>> listeners = new ConcurrentHashMap<>();
  private volatile StatefulRedisPubSubConnection<String, String> pubsub;
  private final ScriptLibrary library = ScriptLibrary.get();

  private Redis(RedisUrl url, RedisClient client, StatefulRedisConnection<String, String> c,
      Duration commandTimeout) {
    this.url = url;
    this.client = client;
    this.connection = c;
    this.sync = c.sync();
    this.async = c.async();
    this.commandTimeout = commandTimeout;
  }

  /**
   * Connects, failing within {@code connectTimeout} with a {@link RedisUnavailableException}
   * when Redis cannot be reached or refuses the credentials.
   */
  public static Redis connect(RedisUrl url, Duration connectTimeout, Duration commandTimeout,
      String clientName) {
    RedisURI uri;
    try {
      uri = RedisURI.create(url.secret());
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("invalid Redis URL '" + url + "': " + e.getMessage());
    }
    uri.setTimeout(commandTimeout);
    if (clientName != null) uri.setClientName(clientName);
    ClientResources resources = DefaultClientResources.builder()
        .reconnectDelay(Delay.fullJitter(Duration.ofMillis(100), Duration.ofSeconds(5), 100,
            TimeUnit.MILLISECONDS))
        .build();
    RedisClient client = RedisClient.create(resources, uri);
    client.setOptions(ClientOptions.builder()
        .socketOptions(SocketOptions.builder().connectTimeout(connectTimeout).keepAlive(true).build())
        .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
        .build());
    try {
      return new Redis(url, client, client.connect(), commandTimeout);
    } catch (RuntimeException e) {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
      resources.shutdown();
      throw translate(url, e);
    }
  }

  public RedisUrl url() { return url; }

  /** Runs a script (a function of the {@link ScriptLibrary}, loaded first if Redis lacks it). */
  List<Object> eval(LuaScript script, String key, String... args) {
    return run(script, ScriptOutputType.MULTI, key, args);
  }

  /**
   * Sends a script without waiting (loading the library first if Redis lacks it). The future
   * completes on a Lettuce thread, with the reply or with a {@link TasklaneException}; it fails
   * when no reply came within the call timeout.
   */
  CompletableFuture<List<Object>> evalAsync(LuaScript script, String key, String... args) {
    String[] keys = {key};
    String function = library.function(script);
    CompletableFuture<List<Object>> result = new CompletableFuture<>();
    try {
      async.<List<Object>>fcall(function, ScriptOutputType.MULTI, keys, args)
          .whenComplete((reply, failure) -> {
            if (failure == null) {
              result.complete(reply);
            } else if (libraryMissing(unwrap(failure))) {
              async.functionLoad(library.code()).whenComplete((loaded, notLoaded) -> {
                if (notLoaded != null && !alreadyLoaded(unwrap(notLoaded))) {
                  settle(result, null, notLoaded);
                } else {
                  async.<List<Object>>fcall(function, ScriptOutputType.MULTI, keys, args)
                      .whenComplete((again, failed) -> settle(result, again, failed));
                }
              });
            } else {
              settle(result, null, failure);
            }
          });
    } catch (RuntimeException e) {
      result.completeExceptionally(translate(url, e));
    }
    return result;
  }

  private <T> void settle(CompletableFuture<T> into, T reply, Throwable failure) {
    if (failure == null) {
      into.complete(reply);
    } else {
      Throwable t = unwrap(failure);
      into.completeExceptionally(translate(url, t instanceof RuntimeException re ? re
          : new RedisException(t)));
    }
  }

  private static Throwable unwrap(Throwable t) {
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /** Runs a script that returns one integer. */
  long evalLong(LuaScript script, String key, String... args) {
    Long r = run(script, ScriptOutputType.INTEGER, key, args);
    return r;
  }

  private <T> T run(LuaScript script, ScriptOutputType type, String key, String... args) {
    String[] keys = {key};
    String function = library.function(script);
    return call(() -> {
      try {
        return sync.fcall(function, type, keys, args);
      } catch (RedisCommandExecutionException e) {
        if (!libraryMissing(e)) throw e;
        loadLibrary();
        return sync.fcall(function, type, keys, args);
      }
    });
  }

  /**
   * Loads the script library into Redis (FUNCTION LOAD); one that another client loaded first
   * is left as it is. Calls do this by themselves when Redis answers that it lacks the library
   * (a new or restarted Redis, FUNCTION FLUSH).
   */
  void loadLibrary() {
    call(() -> {
      try {
        return sync.functionLoad(library.code());
      } catch (RedisCommandExecutionException e) {
        if (alreadyLoaded(e)) return library.name();
        throw e;
      }
    });
  }

  /** Redis has no such function: the library was never loaded there, or was flushed. */
  private static boolean libraryMissing(Throwable t) {
    return t instanceof RedisCommandExecutionException
        && String.valueOf(t.getMessage()).startsWith("ERR Function not found");
  }

  private static boolean alreadyLoaded(Throwable t) {
    return t instanceof RedisCommandExecutionException
        && String.valueOf(t.getMessage()).contains("already exists");
  }

  /**
   * Logs one WARN line on {@code log} when Redis may evict keys under memory pressure (its
   * maxmemory-policy is not noeviction): tasks would vanish. A policy it cannot read is only
   * logged at DEBUG.
   */
  public void warnIfMayEvict(Logger log) {
    String policy;
    try {
      policy = maxmemoryPolicy();
    } catch (TasklaneException e) {
      log.debug("could not read maxmemory-policy: {}", e.getMessage());
      return;
    }
    if (policy != null && !policy.equals("noeviction")) {
      log.warn("Redis at {} has maxmemory-policy {}: when it reaches maxmemory it evicts keys, "
          + "which loses tasks; set maxmemory-policy noeviction", url, policy);
    }
  }

  /** The server's maxmemory-policy (from INFO memory), or null when it does not say. */
  public String maxmemoryPolicy() {
    String info = call(() -> sync.info("memory"));
    for (String line : info.split("\r?\n")) {
      if (line.startsWith("maxmemory_policy:")) return line.substring(17).trim();
    }
    return null;
  }

  /** Runs a read that returns one value. */
  <T> T call(Supplier<T> command) {
    try {
      return command.get();
    } catch (RuntimeException e) {
      throw translate(url, e);
    }
  }

  RedisCommands<String, String> sync() { return sync; }

  /** Sends every command at once and waits for all of the replies, in order. */
  <T> List<T> pipelined(List<? extends CompletionStage<T>> replies) {
    awaitAll(replies);
    List<T> out = new ArrayList<>(replies.size());
    for (CompletionStage<T> r : replies) out.add(r.toCompletableFuture().join());
    return out;
  }

  /** Waits until every reply has arrived; read each one with {@code toCompletableFuture().join()}. */
  void awaitAll(List<? extends CompletionStage<?>> replies) {
    for (CompletionStage<?> r : replies) {
      try {
        r.toCompletableFuture().get(commandTimeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        throw translate(url, e.getCause() instanceof RuntimeException re ? re
            : new RedisException(e.getCause()));
      } catch (TimeoutException e) {
        throw translate(url, new RedisCommandTimeoutException("no reply within " + commandTimeout));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TasklaneException("interrupted while waiting for Redis at " + url);
      }
    }
  }

  RedisAsyncCommands<String, String> async() { return async; }

  /**
   * Calls {@code onMessage} with each message published on {@code channel}, on a Lettuce
   * thread; keep it short. Messages may be lost (pub/sub is at most once).
   */
  public void subscribe(String channel, Consumer<String> onMessage) {
    listeners.put(channel, onMessage);
    call(() -> {
      pubsub().sync().subscribe(channel);
      return null;
    });
  }

  public void unsubscribe(String channel) {
    listeners.remove(channel);
    StatefulRedisPubSubConnection<String, String> p = pubsub;
    if (p != null) call(() -> {
      p.sync().unsubscribe(channel);
      return null;
    });
  }

  private synchronized StatefulRedisPubSubConnection<String, String> pubsub() {
    if (pubsub == null) {
      StatefulRedisPubSubConnection<String, String> p = client.connectPubSub();
      p.addListener(new RedisPubSubAdapter<>() {
        @Override
        public void message(String channel, String message) {
          Consumer<String> l = listeners.get(channel);
          if (l != null) l.accept(message);
        }
      });
      pubsub = p;
    }
    return pubsub;
  }

  @Override
  public void close() {
    try {
      if (pubsub != null) pubsub.close();
      connection.close();
    } catch (RuntimeException ignored) {
      // closing a broken connection: nothing left to do
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      client.getResources().shutdown();
    }
  }

  /** Turns a Lettuce failure into one clear line that names the masked URL. */
  static TasklaneException translate(RedisUrl url, RuntimeException e) {
    if (e instanceof TasklaneException te) return te;
    String msg = String.valueOf(rootMessage(e));
    if (e instanceof RedisCommandExecutionException) {
      if (msg.startsWith("OOM")) {
        return new RedisUnavailableException("Redis at " + url + " is out of memory (maxmemory "
            + "reached): nothing was written; free memory or raise maxmemory", e);
      }
      if (msg.startsWith("NOAUTH") || msg.startsWith("WRONGPASS") || msg.startsWith("NOPERM")) {
        return new RedisUnavailableException("Redis at " + url + " refused the request: "
            + firstLine(msg) + "; check the user and password in the URL, and that the user "
            + "may run FCALL and FUNCTION LOAD", e);
      }
      // Redis 7 quotes the command 'FCALL', Redis 6 `FCALL`
      String lower = msg.toLowerCase(Locale.ROOT);
      if (lower.startsWith("err unknown command")
          && (lower.contains("fcall") || lower.contains("function"))) {
        return new TasklaneException("Redis at " + url + " does not know FCALL (functions came "
            + "in Redis 7.0): run Tasklane against Redis 7.0 or newer", e);
      }
      if (msg.startsWith("LOADING") || msg.startsWith("BUSY") || msg.startsWith("MASTERDOWN")
          || msg.startsWith("READONLY")) {
        return new RedisUnavailableException("Redis at " + url + " cannot serve now: "
            + firstLine(msg), e);
      }
      return new TasklaneException("Redis at " + url + " answered with an error: "
          + firstLine(msg), e);
    }
    if (e instanceof RedisCommandTimeoutException) {
      return new RedisUnavailableException("Redis at " + url + " did not answer in time: "
          + "is it running, paused or overloaded?", e);
    }
    if (e instanceof RedisConnectionException || e instanceof RedisException) {
      if (msg.contains("NOAUTH") || msg.contains("WRONGPASS")) {
        return new RedisUnavailableException("Redis at " + url + " refused the credentials: "
            + "check the user and password in the URL", e);
      }
      return new RedisUnavailableException("cannot reach Redis at " + url + ": "
          + firstLine(msg) + "; is it running, and is the URL right?", e);
    }
    return new TasklaneException(firstLine(msg), e);
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    String msg = e.getMessage();
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
      if (t.getMessage() != null) msg = t.getMessage();
    }
    if (e instanceof RedisCommandExecutionException) return e.getMessage();
    return msg;
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
