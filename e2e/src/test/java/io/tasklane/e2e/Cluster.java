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

/** Worker and dispatcher processes for one test, stopped at its end. */
final class Cluster implements AutoCloseable {
  static final String WORKER = "io.tasklane.worker.cli.WorkerCommand";
  static final String DISPATCHER = "io.tasklane.scheduler.cli.DispatcherCommand";
  static final String SUBMIT = "io.tasklane.scheduler.cli.SubmitTaskCommand";
  static final String STATUS = "io.tasklane.scheduler.cli.TaskStatusCommand";
  static final String STATS = "io.tasklane.scheduler.cli.ResultStatsCommand";

  final TestRedis redis;
  final RedisProbe probe;
  final Keys keys = Keys.of("default");
  private final List<JavaProcess> processes = new ArrayList<>();

  Cluster(TestRedis redis) {
    this.redis = redis;
    this.probe = redis.probe();
  }

  JavaProcess dispatcher(String strategy) throws Exception {
    JavaProcess p = JavaProcess.start(DISPATCHER,
        List.of("--redis", redis.url(), "--strategy", strategy, "--interval", "50ms"), null);
    processes.add(p);
    await().atMost(Duration.ofSeconds(30))
        .until(() -> strategy.equals(probe.hget(keys.config(), "strategy")));
    return p;
  }

  /** Starts a worker process and waits until it has registered. */
  JavaProcess worker(String id, String... extra) throws Exception {
    List<String> args = new ArrayList<>(List.of("--redis", redis.url(), "--id", id,
        "--heartbeat", "500ms", "--ttl", "3s", "--grace", "10s"));
    args.addAll(List.of(extra));
    JavaProcess p = JavaProcess.start(WORKER, args, null);
    processes.add(p);
    await().atMost(Duration.ofSeconds(30)).until(() -> {
      if (!p.isAlive()) throw new AssertionError("worker " + id + " exited: " + p.stderr());
      return "active".equals(probe.hget(keys.worker(id), "state"));
    });
    return p;
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
    all.add(redis.url());
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
  }
}
