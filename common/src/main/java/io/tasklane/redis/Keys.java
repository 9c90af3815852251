package io.tasklane.redis;

import io.tasklane.error.InvalidInputException;
import io.tasklane.task.TaskFields;
import java.util.regex.Pattern;

/**
 * The Redis key schema: the only place that builds a key name. Every key of one queue shares the
 * hash tag {@code {queue}}, so each Lua script touches a single Redis Cluster slot. Lua scripts get
 * the same schema through {@link #luaPrelude()}, generated from the constants below, and take the
 * queue prefix as {@code KEYS[1]}.
 *
 * <pre>
 * tl:{q}:task:&lt;id&gt;          HASH    one task (fields: {@link TaskFields})
 * tl:{q}:backlog            LIST    task IDs waiting for a worker with room, FIFO
 * tl:{q}:delayed            ZSET    task IDs by due time (epoch ms)
 * tl:{q}:workers            ZSET    live, non-draining workers by load (in-flight / concurrency)
 * tl:{q}:ring               ZSET    the same workers, score 0, in lexicographic order (round-robin)
 * tl:{q}:wrr                ZSET    the same workers by stride pass (weighted round-robin)
 * tl:{q}:hashring           ZSET    {@link #VNODES} points per live worker, "w#i" by 32-bit hash
 * tl:{q}:latency            ZSET    the same workers by expected wait (least-latency)
 * tl:{q}:known              ZSET    every worker that registered and is not forgotten yet, by its
 *                                   last registration or departure (ms)
 * tl:{q}:expiry             ZSET    registered workers not yet reclaimed, by heartbeat expiry (ms)
 * tl:{q}:recovery           STRING  the worker whose turn it is to run the workers' fallback
 *                                   recovery, with a PX TTL of that worker's recovery period
 * tl:{q}:types              HASH    task types some worker has a handler for -&gt; last registration
 * tl:{q}:worker:&lt;w&gt;        HASH    host, pid, concurrency, weight, state, started, ttl_ms,
 *                                   inflight, seen (last contact written: registration,
 *                                   deregistration, or the last heartbeat once reclaimed)
 * tl:{q}:worker:&lt;w&gt;:alive  STRING  heartbeat: the time of the last beat (ms), with a PX TTL;
 *                                   absent means dead
 * tl:{q}:worker:&lt;w&gt;:inbox  LIST    task IDs assigned to the worker, not started
 * tl:{q}:worker:&lt;w&gt;:active ZSET    task IDs the worker runs, by start time (epoch ms)
 * tl:{q}:stats:&lt;w&gt;         HASH    counters and the run-time histogram of one worker
 * tl:{q}:stats:&lt;w&gt;:tp      HASH    completions per second, a ring of {@link #THROUGHPUT_SLOTS} slots
 * tl:{q}:dead               LIST    dead-lettered task IDs
 * tl:{q}:config             HASH    strategy, round-robin cursor
 * channel tl:{q}:worker:&lt;w&gt;   pub/sub  wake-up: tasks were assigned to the worker
 * channel tl:{q}:events         pub/sub  task IDs that finished, one per line
 * channel tl:{q}:backlog        pub/sub  wake-up for dispatchers: the backlog holds tasks that
 *                                        no worker could take
 * channel tl:{q}:delayed        pub/sub  wake-up for promoters: a retry was scheduled before
 *                                        every other (message: its due time, ms)
 * </pre>
 */
public final class Keys {

  /** How many one-second throughput slots a worker keeps: the longest stats window. */
  public static final int THROUGHPUT_SLOTS = 3600;

  /** Points per worker on the consistent-hash ring of key-affinity placement. */
  public static final int VNODES = 64;

  private static final Pattern QUEUE = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final Pattern WORKER_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");

  private static final String TASK = "task:";
  private static final String BACKLOG = "backlog";
  private static final String DELAYED = "delayed";
  private static final String WORKERS = "workers";
  private static final String RING = "ring";
  private static final String WRR = "wrr";
  private static final String HASHRING = "hashring";
  private static final String LATENCY = "latency";
  private static final String KNOWN = "known";
  private static final String EXPIRY = "expiry";
  private static final String RECOVERY = "recovery";
  private static final String TYPES = "types";
  private static final String WORKER = "worker:";
  private static final String ALIVE = ":alive";
  private static final String INBOX = ":inbox";
  private static final String ACTIVE = ":active";
  private static final String STATS = "stats:";
  private static final String THROUGHPUT = ":tp";
  private static final String DEAD = "dead";
  private static final String CONFIG = "config";
  private static final String EVENTS = "events";

  private final String queue;
  private final String prefix;

  private Keys(String queue) {
    this.queue = queue;
    this.prefix = "tl:{" + queue + "}:";
  }

  /** Keys of one queue; the name must match {@code [A-Za-z0-9._-]{1,64}}. */
  public static Keys of(String queue) {
    if (queue == null || !QUEUE.matcher(queue).matches()) {
      throw new InvalidInputException("invalid queue name '" + queue
          + "': use 1 to 64 letters, digits, '.', '_' or '-'");
    }
    return new Keys(queue);
  }

  /** Checks a worker ID: 1 to 128 letters, digits, '.', '_' or '-'. */
  public static String checkWorkerId(String id) {
    if (id == null || !WORKER_ID.matcher(id).matches()) {
      throw new InvalidInputException("invalid worker id '" + id
          + "': use 1 to 128 letters, digits, '.', '_' or '-'");
    }
    return id;
  }

  public String queue() { return queue; }

  /** The prefix every key of the queue starts with; scripts take it as KEYS[1]. */
  public String prefix() { return prefix; }

  public String task(String id) { return prefix + TASK + id; }
  public String backlog() { return prefix + BACKLOG; }
  public String delayed() { return prefix + DELAYED; }
  public String workers() { return prefix + WORKERS; }
  public String ring() { return prefix + RING; }
  public String wrr() { return prefix + WRR; }
  public String hashring() { return prefix + HASHRING; }
  public String latency() { return prefix + LATENCY; }
  public String known() { return prefix + KNOWN; }
  public String expiry() { return prefix + EXPIRY; }
  public String recovery() { return prefix + RECOVERY; }
  public String types() { return prefix + TYPES; }
  public String worker(String w) { return prefix + WORKER + w; }
  public String alive(String w) { return worker(w) + ALIVE; }
  public String inbox(String w) { return worker(w) + INBOX; }
  public String active(String w) { return worker(w) + ACTIVE; }
  public String stats(String w) { return prefix + STATS + w; }
  public String throughput(String w) { return stats(w) + THROUGHPUT; }
  public String dead() { return prefix + DEAD; }
  public String config() { return prefix + CONFIG; }
  /** The pub/sub channel that wakes worker {@code w}. */
  public String workerChannel(String w) { return worker(w); }
  /** The pub/sub channel on which finished task IDs are announced. */
  public String events() { return prefix + EVENTS; }
  /** The pub/sub channel that wakes dispatchers: the backlog holds tasks no worker could take. */
  public String backlogChannel() { return backlog(); }
  /** The pub/sub channel that wakes promoters: a retry was scheduled before every other. */
  public String delayedChannel() { return delayed(); }

  /**
   * Lua definitions of the same schema, at the head of the script library: {@code K.task(id)},
   * {@code K.backlog()} and so on, all relative to {@code P}, which each call sets to its
   * {@code KEYS[1]}; then the task hash's field names and status codes
   * ({@link TaskFields#luaPrelude()}).
   */
  public static String luaPrelude() {
    StringBuilder b = new StringBuilder("local P\nlocal K = {}\n");
    fixed(b, "backlog", BACKLOG);
    fixed(b, "delayed", DELAYED);
    fixed(b, "workers", WORKERS);
    fixed(b, "ring", RING);
    fixed(b, "wrr", WRR);
    fixed(b, "hashring", HASHRING);
    fixed(b, "latency", LATENCY);
    fixed(b, "known", KNOWN);
    fixed(b, "expiry", EXPIRY);
    fixed(b, "recovery", RECOVERY);
    fixed(b, "types", TYPES);
    fixed(b, "dead", DEAD);
    fixed(b, "config", CONFIG);
    fixed(b, "events", EVENTS);
    b.append("K.task = function(id) return P .. '").append(TASK).append("' .. id end\n");
    b.append("K.worker = function(w) return P .. '").append(WORKER).append("' .. w end\n");
    b.append("K.alive = function(w) return P .. '").append(WORKER).append("' .. w .. '")
        .append(ALIVE).append("' end\n");
    b.append("K.inbox = function(w) return P .. '").append(WORKER).append("' .. w .. '")
        .append(INBOX).append("' end\n");
    b.append("K.active = function(w) return P .. '").append(WORKER).append("' .. w .. '")
        .append(ACTIVE).append("' end\n");
    b.append("K.stats = function(w) return P .. '").append(STATS).append("' .. w end\n");
    b.append("K.throughput = function(w) return P .. '").append(STATS).append("' .. w .. '")
        .append(THROUGHPUT).append("' end\n");
    b.append("K.worker_channel = K.worker\n");
    b.append("K.backlog_channel = K.backlog\n");
    b.append("K.delayed_channel = K.delayed\n");
    b.append("K.TP_SLOTS = ").append(THROUGHPUT_SLOTS).append('\n');
    b.append("K.VNODES = ").append(VNODES).append('\n');
    b.append(TaskFields.luaPrelude());
    return b.toString();
  }

  private static void fixed(StringBuilder b, String name, String suffix) {
    b.append("K.").append(name).append(" = function() return P .. '").append(suffix)
        .append("' end\n");
  }
}
