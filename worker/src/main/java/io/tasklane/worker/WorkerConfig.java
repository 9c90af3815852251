package io.tasklane.worker;

import io.tasklane.error.InvalidInputException;
import io.tasklane.redis.Keys;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A worker's settings. Build with {@link #builder()}; {@link Builder#build()} checks them and
 * fills in the ID ({@code host-pid-random6}), the poll interval ({@value #POLL_BEATS} heartbeat
 * intervals) and the Redis call timeout (half the TTL, from 1 to 10 s).
 *
 * @param queue        the queue's name
 * @param id           the worker's ID, unique among the queue's live workers
 * @param concurrency  tasks run at once, 1 to {@value #MAX_CONCURRENCY}
 * @param weight       share of tasks under weighted strategies, 1 or more
 * @param prefetch     tasks claimed ahead of a free slot while tasks are short, 0 to
 *                     {@value #MAX_PREFETCH}, or {@link #ADAPTIVE_PREFETCH} (the default): as
 *                     many as the slots finish in one round trip to Redis, from half to four
 *                     times the concurrency ({@link ClaimAhead})
 * @param grace        how long shutdown waits for running tasks
 * @param heartbeat    interval between heartbeats
 * @param ttl          how long a heartbeat keeps the worker alive; longer than {@code heartbeat}
 * @param taskTimeout  timeout of tasks that set none
 * @param sleepScale   multiplies the time of {@code sleep} tasks
 * @param pollInterval how often the pump claims without being woken: a slow net only, since
 *                     the heartbeat wakes it whenever its inbox holds tasks
 * @param recoverEvery mean interval between reclaiming dead workers and promoting due retries
 * @param redisTimeout how long one Redis call may take before it fails (and is retried)
 */
public record WorkerConfig(String queue, String id, int concurrency, int weight, int prefetch,
    Duration grace,
    Duration heartbeat, Duration ttl, Duration taskTimeout, double sleepScale,
    Duration pollInterval, Duration recoverEvery, Duration redisTimeout) {

  public static final int MAX_CONCURRENCY = 10_000;
  public static final int DEFAULT_CONCURRENCY = 8;
  public static final int MAX_PREFETCH = 10_000;
  /** {@code prefetch} when it was not set: the count adapts to the tasks' run time. */
  public static final int ADAPTIVE_PREFETCH = ClaimAhead.ADAPTIVE;
  public static final Duration DEFAULT_GRACE = Duration.ofSeconds(30);
  /**
   * Three seconds with the 10 s TTL: a worker outlives two lost beats in a row, and an idle
   * worker's beat (four Redis commands) costs Redis 1.3 commands per second.
   */
  public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(3);
  public static final Duration DEFAULT_TTL = Duration.ofSeconds(10);
  public static final Duration DEFAULT_TASK_TIMEOUT = Duration.ofMinutes(5);
  public static final Duration DEFAULT_RECOVER_EVERY = Duration.ofSeconds(5);
  /**
   * The default poll interval in heartbeat intervals. The heartbeat reply reports the inbox and
   * wakes the pump, so the poll only lets an idle worker steal or pull from the backlog.
   */
  public static final int POLL_BEATS = 10;
  private static final Duration MIN_REDIS_TIMEOUT = Duration.ofSeconds(1);
  private static final Duration MAX_REDIS_TIMEOUT = Duration.ofSeconds(10);

  public static Builder builder() {
    return new Builder();
  }

  /** A fresh ID: the host name, the process ID and six random lower-case hex digits. */
  public static String defaultId() {
    String host = hostName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-");
    if (host.length() > 100) host = host.substring(0, 100);
    if (host.isEmpty()) host = "worker";
    byte[] random = new byte[3];
    ThreadLocalRandom.current().nextBytes(random);
    return host + "-" + ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(random);
  }

  /** This machine's name, or "localhost" when it has none that resolves. */
  public static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      String env = System.getenv("HOSTNAME");
      return env == null || env.isBlank() ? "localhost" : env;
    }
  }

  /** Collects settings; everything has a default but the queue ("default"). */
  public static final class Builder {
    private String queue = "default";
    private String id;
    private int concurrency = DEFAULT_CONCURRENCY;
    private int weight = 1;
    private Integer prefetch;
    private Duration grace = DEFAULT_GRACE;
    private Duration heartbeat = DEFAULT_HEARTBEAT;
    private Duration ttl = DEFAULT_TTL;
    private Duration taskTimeout = DEFAULT_TASK_TIMEOUT;
    private double sleepScale = 1.0;
    private Duration pollInterval;
    private Duration recoverEvery = DEFAULT_RECOVER_EVERY;
    private Duration redisTimeout;

    private Builder() {}

    public Builder queue(String name) { this.queue = name; return this; }
    /** The worker's ID; null picks {@link #defaultId()}. */
    public Builder id(String workerId) { this.id = workerId; return this; }
    public Builder concurrency(int n) { this.concurrency = n; return this; }
    public Builder weight(int n) { this.weight = n; return this; }
    /** Unset (null): {@link #ADAPTIVE_PREFETCH}. */
    public Builder prefetch(Integer n) { this.prefetch = n; return this; }
    public Builder grace(Duration d) { this.grace = d; return this; }
    public Builder heartbeat(Duration d) { this.heartbeat = d; return this; }
    public Builder ttl(Duration d) { this.ttl = d; return this; }
    public Builder taskTimeout(Duration d) { this.taskTimeout = d; return this; }
    public Builder sleepScale(double f) { this.sleepScale = f; return this; }
    /** The claim poll without a wake-up; null means {@value #POLL_BEATS} heartbeat intervals. */
    public Builder pollInterval(Duration d) { this.pollInterval = d; return this; }
    public Builder recoverEvery(Duration d) { this.recoverEvery = d; return this; }
    /** The Redis call timeout; null means half the TTL, from 1 to 10 s. */
    public Builder redisTimeout(Duration d) { this.redisTimeout = d; return this; }

    /** Checks every setting; throws {@link InvalidInputException} naming the first bad one. */
    public WorkerConfig build() {
      Keys.of(queue);
      String workerId = id == null ? defaultId() : Keys.checkWorkerId(id);
      if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
        throw new InvalidInputException("concurrency (--concurrency) must be from 1 to "
            + MAX_CONCURRENCY + ", not " + concurrency);
      }
      int prefetch = this.prefetch != null ? this.prefetch : ADAPTIVE_PREFETCH;
      if (this.prefetch != null && (prefetch < 0 || prefetch > MAX_PREFETCH)) {
        throw new InvalidInputException("prefetch (--prefetch) must be from 0 to " + MAX_PREFETCH
            + ", not " + prefetch);
      }
      if (weight < 1) {
        throw new InvalidInputException("weight (--weight) must be 1 or more, not " + weight);
      }
      positive(heartbeat, "heartbeat interval (--heartbeat)");
      positive(ttl, "heartbeat ttl (--ttl)");
      positive(taskTimeout, "task timeout (--task-timeout)");
      if (grace == null || grace.isNegative()) {
        throw new InvalidInputException("grace period (--grace) must be 0 or more");
      }
      if (ttl.compareTo(heartbeat) <= 0) {
        throw new InvalidInputException("heartbeat ttl (--ttl) " + ttl.toMillis()
            + " ms must be longer than the heartbeat interval (--heartbeat) " + heartbeat.toMillis()
            + " ms, or the worker counts as dead between two heartbeats");
      }
      if (!(sleepScale >= 0) || Double.isInfinite(sleepScale)) {
        throw new InvalidInputException("sleep scale (--sleep-scale) must be a number of 0 or more,"
            + " not " + sleepScale);
      }
      Duration poll = pollInterval == null ? heartbeat.multipliedBy(POLL_BEATS) : pollInterval;
      positive(poll, "poll interval");
      positive(recoverEvery, "recovery interval (--recover-every)");
      Duration timeout = redisTimeout == null ? defaultRedisTimeout(ttl) : redisTimeout;
      positive(timeout, "Redis call timeout");
      return new WorkerConfig(queue, workerId, concurrency, weight, prefetch, grace, heartbeat,
          ttl, taskTimeout, sleepScale, poll, recoverEvery, timeout);
    }

    /**
     * Half the TTL, from 1 to 10 s: a heartbeat stuck on an unreachable Redis gives up (and
     * retries) before the worker would count as dead.
     */
    private static Duration defaultRedisTimeout(Duration ttl) {
      Duration half = ttl.dividedBy(2);
      if (half.compareTo(MIN_REDIS_TIMEOUT) < 0) return MIN_REDIS_TIMEOUT;
      return half.compareTo(MAX_REDIS_TIMEOUT) > 0 ? MAX_REDIS_TIMEOUT : half;
    }

    private static void positive(Duration d, String what) {
      if (d == null || d.isNegative() || d.toMillis() < 1) {
        throw new InvalidInputException(what + " must be at least 1 ms, not "
            + (d == null ? "missing" : d.toMillis() + " ms"));
      }
    }
  }
}
