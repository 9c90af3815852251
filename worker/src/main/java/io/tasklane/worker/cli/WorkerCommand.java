package io.tasklane.worker.cli;

import io.tasklane.cli.Commands;
import io.tasklane.cli.DurationConverter;
import io.tasklane.cli.ExitCode;
import io.tasklane.cli.RedisOptions;
import io.tasklane.cli.Verbosity;
import io.tasklane.cli.VersionProvider;
import io.tasklane.worker.HandlerRegistry;
import io.tasklane.worker.Worker;
import io.tasklane.worker.WorkerConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The {@code worker} command: runs tasks from one queue until SIGTERM or SIGINT. */
@Command(name = "worker", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    sortOptions = false,
    description = {"Runs tasks of a Tasklane queue until SIGTERM or SIGINT, then stops gracefully: "
        + "it takes no new tasks, lets running ones finish within --grace, and hands the rest "
        + "back to the queue.",
        "A failed attempt is retried with backoff while the task has attempts left, then the "
        + "task is dead-lettered; a task no retry can mend (no handler for its type, a payload "
        + "that is not JSON or that the handler rejects) is dead-lettered at once.",
        "The workers of a queue also take back the tasks of workers whose heartbeat expired, "
        + "move due retries to the backlog and assign backlog tasks nothing else placed, one "
        + "worker at a time (see --recover-every), so no other process is needed. It outlives "
        + "Redis restarts and outages, reconnecting with backoff.",
        "Handlers: noop, echo, sleep {\"ms\":N}, cpu {\"rounds\":N}, fail "
        + "{\"message\":\"...\",\"probability\":p}, plus plug-ins found on the class path."})
public final class WorkerCommand implements Callable<Integer> {
  @Mixin RedisOptions redis;
  @Mixin Verbosity verbosity;

  @Option(names = "--id", paramLabel = "ID",
      description = "worker ID, unique in the queue: letters, digits, '.', '_', '-' "
          + "(default: host-pid-random)")
  String id;

  @Option(names = "--concurrency", paramLabel = "N", defaultValue = "8",
      description = "tasks run at once, 1 to 10000 (default: ${DEFAULT-VALUE})")
  int concurrency;

  @Option(names = "--prefetch", paramLabel = "N",
      description = "tasks claimed ahead of a free slot while the worker's tasks average under "
          + "100 ms, so the next starts as soon as a slot frees; 0 turns it off (default: as "
          + "many as the slots finish in one round trip to Redis, from half to four times the "
          + "concurrency)")
  Integer prefetch;

  @Option(names = "--weight", paramLabel = "N", defaultValue = "1",
      description = "share of tasks under weighted strategies (default: ${DEFAULT-VALUE})")
  int weight;

  @Option(names = "--grace", paramLabel = "DURATION", defaultValue = "30s",
      converter = DurationConverter.class,
      description = "on SIGTERM, how long running tasks may take to finish (default: "
          + "${DEFAULT-VALUE})")
  Duration grace;

  @Option(names = "--heartbeat", paramLabel = "DURATION", defaultValue = "3s",
      converter = DurationConverter.class,
      description = "interval between heartbeats; each reply also says whether tasks wait in "
          + "the inbox, in case their wake-up was lost (default: ${DEFAULT-VALUE})")
  Duration heartbeat;

  @Option(names = "--ttl", paramLabel = "DURATION", defaultValue = "10s",
      converter = DurationConverter.class,
      description = "the worker counts as dead this long after its last heartbeat; must exceed "
          + "--heartbeat; a Redis call times out after half of it, from 1 to 10 s "
          + "(default: ${DEFAULT-VALUE})")
  Duration ttl;

  @Option(names = "--task-timeout", paramLabel = "DURATION", defaultValue = "5m",
      converter = DurationConverter.class,
      description = "timeout of tasks submitted without one; a timed-out attempt fails and is "
          + "retried while attempts remain (default: ${DEFAULT-VALUE})")
  Duration taskTimeout;

  @Option(names = "--sleep-scale", paramLabel = "F", defaultValue = "1.0",
      description = "multiplies the time of sleep tasks, to simulate a slow worker "
          + "(default: ${DEFAULT-VALUE})")
  double sleepScale;

  @Option(names = "--recover-every", paramLabel = "DURATION", defaultValue = "5s",
      converter = DurationConverter.class,
      description = "how often one worker of the queue, taking turns, reclaims the tasks of "
          + "dead workers, promotes due retries and assigns the backlog; a worker that finds "
          + "the turn taken tries again after 0.5x to 1.5x of it (default: ${DEFAULT-VALUE})")
  Duration recoverEvery;

  public static void main(String[] args) {
    Commands.main(new WorkerCommand(), args);
  }

  @Override
  public Integer call() throws InterruptedException {
    WorkerConfig config = WorkerConfig.builder().queue(redis.queueName()).id(id)
        .concurrency(concurrency).prefetch(prefetch).weight(weight).grace(grace)
        .heartbeat(heartbeat).ttl(ttl).taskTimeout(taskTimeout).sleepScale(sleepScale)
        .recoverEvery(recoverEvery).build();
    HandlerRegistry handlers = HandlerRegistry.load(config.sleepScale());
    Worker worker = new Worker(config, handlers,
        () -> redis.connect("tasklane-worker-" + config.id(), config.redisTimeout()),
        Clock.systemUTC());
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      boolean wasRunning;
      try {
        wasRunning = worker.shutdown(config.grace());
      } finally {
        stopped.countDown();
      }
      // The JVM would exit with 128 + the signal's number; a graceful stop is a success.
      System.err.flush();
      if (wasRunning) Runtime.getRuntime().halt(ExitCode.OK);
    }, "tasklane-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      worker.start();
    } catch (RuntimeException e) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // a signal came during start: the hook finds nothing to stop
      }
      throw e;
    }
    stopped.await();
    return ExitCode.OK;
  }
}
