package io.tasklane.scheduler.cli;

import io.tasklane.cli.Commands;
import io.tasklane.cli.DurationConverter;
import io.tasklane.cli.ExitCode;
import io.tasklane.cli.RedisOptions;
import io.tasklane.cli.Verbosity;
import io.tasklane.cli.VersionProvider;
import io.tasklane.dispatch.Strategy;
import io.tasklane.redis.Keys;
import io.tasklane.redis.Redis;
import io.tasklane.redis.TaskQueue;
import io.tasklane.scheduler.Dispatcher;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code dispatcher}: runs the dispatcher daemon of one queue until SIGTERM or SIGINT. */
@Command(name = "dispatcher", mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class, sortOptions = false,
    description = {
        "Runs the dispatcher of a queue until SIGTERM or SIGINT: it assigns backlog tasks to "
            + "live workers by the queue's strategy. Any number may run at once.",
        ""},
    footer = {
        "",
        "Exit codes:",
        "  0  stopped (the JVM reports 143 after SIGTERM, 130 after SIGINT)",
        "  2  bad usage, such as an unknown strategy",
        "  3  Redis unreachable at start or refused the credentials (later outages are ridden "
            + "out with backoff)",
        "  4  unexpected error (-v shows details)"})
public final class DispatcherCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(DispatcherCommand.class);
  private static final Duration MAX_INTERVAL = Duration.ofMinutes(10);
  private static final Duration STOP_GRACE = Duration.ofSeconds(20);

  @Mixin RedisOptions redis;
  @Mixin Verbosity verbosity;
  @Spec CommandSpec spec;

  @Option(names = "--strategy", paramLabel = "NAME", converter = StrategyConverter.class,
      description = "set the queue's strategy first: round-robin or least-concurrency "
          + "(default: keep the queue's, which starts as " + "least-concurrency)")
  Strategy strategy;

  @Option(names = "--interval", paramLabel = "DURATION", converter = DurationConverter.class,
      defaultValue = "200ms",
      description = "how long to wait when a pass found nothing to assign (default: "
          + "${DEFAULT-VALUE})")
  Duration interval;

  private final Clock clock;
  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private final CountDownLatch stopped = new CountDownLatch(1);

  public DispatcherCommand() {
    this(Clock.systemUTC());
  }

  DispatcherCommand(Clock clock) {
    this.clock = clock;
  }

  public static void main(String[] args) {
    Commands.main(new DispatcherCommand(), args);
  }

  @Override
  public Integer call() throws InterruptedException {
    if (interval.isZero() || interval.compareTo(MAX_INTERVAL) > 0) {
      throw new ParameterException(spec.commandLine(), "invalid --interval "
          + Text.duration(interval) + ": use from 1ms to " + Text.duration(MAX_INTERVAL));
    }
    redis.url();
    Keys.of(redis.queueName());
    Thread hook = new Thread(this::stopAndWait, "tasklane-dispatcher-shutdown");
    try (Redis r = redis.connect("tasklane-dispatcher")) {
      TaskQueue queue = redis.queue(r, clock);
      if (strategy != null) queue.setStrategy(strategy);
      Strategy inForce = strategy != null ? strategy : queue.strategy();
      LOG.info("dispatcher of queue '{}' at {}: strategy {}{}, interval {}", queue.name(),
          r.url(), inForce, strategy != null ? " (set now)" : "", Text.duration(interval));
      try (Dispatcher dispatcher = new Dispatcher(queue, interval, clock)) {
        Runtime.getRuntime().addShutdownHook(hook);
        dispatcher.start();
        stopRequested.await();
        LOG.info("stopping");
      }
      LOG.info("stopped");
    } finally {
      stopped.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running: it waits for this thread, which is done now
      }
    }
    return ExitCode.OK;
  }

  /** Asks the running dispatcher to stop (the shutdown hook does it on a signal). */
  void stop() {
    stopRequested.countDown();
  }

  private void stopAndWait() {
    stop();
    try {
      stopped.await(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
