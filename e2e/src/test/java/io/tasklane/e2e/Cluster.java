package io.tasklane.e2e;

import static org.awaitility.Awaitility.await;

import io.tasklane.redis.Keys;
import io.tasklane.testing.RedisProbe;
import io.tasklane.testing.TestRedis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Worker and dispatcher processes for one test, stopped at its end. Runs against the test
 * run's Redis ({@link #Cluster(TestRedis)}) or against any URL, such as a redis-server the test
 * starts, kills and restarts itself ({@link #Cluster(String)}).
 */
final class Cluster implements AutoCloseable {
  static final String WORKER = "io.tasklane.worker.cli.WorkerCommand";
  static final String DISPATCHER = "io.tasklane.scheduler.cli.DispatcherCommand";
  static final String SUBMIT = "io.tasklane.scheduler.cli.SubmitTaskCommand";
  static final String STATUS = "io.tasklane.scheduler.cli.TaskStatusCommand";
  static final String STATS = "io.tasklane.scheduler.cli.ResultStatsCommand";

  /** Short timers for failure tests: a dead worker is noticed within about 1.2 s. */
  static final List<String> FAST_WORKER = List.of("--heartbeat", "200ms", "--ttl", "1s",
      "--grace", "2s");
  static final List<String> FAST_DISPATCHER = List.of("--interval", "50ms", "--reap-every",
      "200ms", "--promote-every", "200ms");
  static final String DISPATCHER_CLIENT = "tasklane-dispatcher";

  /** The test run's Redis, or null when the cluster runs against a URL. */
  final TestRedis redis;
  /** Raw access to the test run's Redis, or null when the cluster runs against a URL. */
  final RedisProbe probe;
  final String url;
  /** Raw access to this cluster's Redis, whichever it is; survives a Redis restart. */
  final Resp resp;
  final Keys keys = Keys.of("default");
  private final List<JavaProcess> processes = new ArrayList<>();

  Cluster(TestRedis redis) {
    this.redis = redis;
    this.probe = redis.probe();
    this.url = redis.url();
    this.resp = new Resp(url);
  }

  Cluster(String url) {
    this.redis = null;
    this.probe = null;
    this.url = url;
    this.resp = new Resp(url);
  }

  JavaProcess dispatcher(String strategy) throws Exception {
    JavaProcess p = JavaProcess.start(DISPATCHER,
        List.of("--redis", url, "--strategy", strategy, "--interval", "50ms"), null);
    processes.add(p);
    await().atMost(Duration.ofSeconds(30))
        .until(() -> strategy.equals(resp.hget(keys.config(), "strategy")));
    return p;
  }

  /**
   * Starts a dispatcher with short timers ({@link #FAST_DISPATCHER}: its Reaper looks for dead
   * workers every 200 ms) and waits until it is connected.
   */
  JavaProcess fastDispatcher(String... extra) throws Exception {
    long before = resp.clientsNamed(DISPATCHER_CLIENT);
    List<String> args = new ArrayList<>(List.of("--redis", url));
    args.addAll(FAST_DISPATCHER);
    args.addAll(List.of(extra));
    JavaProcess p = JavaProcess.start(DISPATCHER, args, null);
    processes.add(p);
    await().atMost(Duration.ofSeconds(30)).until(() -> {
      if (!p.isAlive()) throw new AssertionError("dispatcher exited: " + p.stderr());
      return resp.clientsNamed(DISPATCHER_CLIENT) > before;
    });
    return p;
  }

  /** Starts a worker process and waits until it has registered. */
  JavaProcess worker(String id, String... extra) throws Exception {
    List<String> args = new ArrayList<>(List.of("--heartbeat", "500ms", "--ttl", "3s",
        "--grace", "10s"));
    args.addAll(List.of(extra));
    return workerWith(id, args);
  }

  /**
   * Starts a worker with short timers ({@link #FAST_WORKER}: heartbeat 200 ms, TTL 1 s) and
   * waits until it has registered.
   */
  JavaProcess fastWorker(String id, String... extra) throws Exception {
    List<String> args = new ArrayList<>(FAST_WORKER);
    args.addAll(List.of(extra));
    return workerWith(id, args);
  }

  /** Starts a worker with exactly these options (besides --redis and --id); waits for it. */
  JavaProcess workerWith(String id, List<String> options) throws Exception {
    List<String> args = new ArrayList<>(List.of("--redis", url, "--id", id));
    args.addAll(options);
    JavaProcess p = JavaProcess.start(WORKER, args, null);
    processes.add(p);
    awaitRegistered(id, p);
    return p;
  }

  /** Waits until worker {@code id} is registered and live, failing if its process ends. */
  void awaitRegistered(String id, JavaProcess p) {
    await().atMost(Duration.ofSeconds(30)).until(() -> {
      if (!p.isAlive()) throw new AssertionError("worker " + id + " exited: " + p.stderr());
      return "active".equals(resp.hget(keys.worker(id), "state"));
    });
  }

  /** Inbox length and active-set size of worker {@code w}, read in one atomic step. */
  long[] heldBy(String w) {
    List<String> r = resp.list("EVAL", "return {redis.call('LLEN', KEYS[1]), "
        + "redis.call('ZCARD', KEYS[2])}", "2", keys.inbox(w), keys.active(w));
    return new long[] {Long.parseLong(r.get(0)), Long.parseLong(r.get(1))};
  }

  /** A counter from worker {@code w}'s statistics hash (succeeded, failed, stale, ...). */
  long stat(String w, String counter) {
    return resp.hgetLong(keys.stats(w), counter);
  }

  JavaProcess.Result submit(String... args) throws Exception {
    return JavaProcess.run(SUBMIT, withRedis(args));
  }

  JavaProcess.Result command(String mainClass, String... args) throws Exception {
    return JavaProcess.run(mainClass, withRedis(args));
  }

  private String[] withRedis(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--redis");
    all.add(url);
    return all.toArray(String[]::new);
  }

  /** Writes JSON lines to a temporary file. */
  static Path jsonLines(List<String> lines) throws Exception {
    Path f = Files.createTempFile("tasks-", ".jsonl");
    Files.write(f, lines);
    return f;
  }

  @Override
  public void close() throws Exception {
    for (JavaProcess p : processes) p.close();
    resp.close();
  }
}
