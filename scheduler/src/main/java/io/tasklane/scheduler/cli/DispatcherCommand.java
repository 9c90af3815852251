package io.tasklane.scheduler.cli;

import io.tasklane.cli.Commands;
import io.tasklane.cli.DurationConverter;
import io.tasklane.cli.ExitCode;
import io.tasklane.cli.RedisOptions;
import io.tasklane.cli.Verbosity;
import io.tasklane.cli.VersionProvider;
import io.tasklane.dispatch.Strategy;
import io.tasklane.error.InvalidInputException;
import io.tasklane.error.TasklaneException;
import io.tasklane.redis.Keys;
import io.tasklane.redis.PlacementOptions;
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
        "Runs the dispatcher of a queue until SIGTERM or SIGINT. It assigns backlog tasks to "
            + "live workers by the queue's strategy, takes back the tasks of workers whose "
            + "heartbeat expired (requeued, or dead-lettered when no attempt is left), and "
            + "moves retries whose backoff has passed back to the backlog. Any number may run "
            + "at once.",
        "",
        "--strategy, --steal/--no-steal, --steal-keyed/--no-steal-keyed and --affinity-bound "
            + "change the queue's placement for every producer, worker and dispatcher; each one "
            + "not given is left as the queue has it.",
        "",
        "At start it warns when Redis's maxmemory-policy is not noeviction: an evicting Redis "
            + "may silently drop tasks.",
        ""},
    footer = {
        "",
        "Exit codes:",
        "  0  stopped (the JVM reports 143 after SIGTERM, 130 after SIGINT)",
        "  2  bad usage, such as an unknown strategy, an affinity bound not above 1, or a retry "
            + "cap below the retry base",
        "  3  Redis unreachable at start or refused the credentials (later outages are ridden "
            + "out with backoff)",
        "  4  unexpected error (-v shows details)"})
public final class DispatcherCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(DispatcherCommand.class);
  private static final Duration MAX_INTERVAL = Duration.ofMinutes(10);
  private static final Duration MAX_RETRY_DELAY = Duration.ofHours(24);
  /** The retry backoff the completion script applies while the queue stores none. */
  static final Duration RETRY_BASE_DEFAULT = Duration.ofSeconds(1);
  static final Duration RETRY_CAP_DEFAULT = Duration.ofMinutes(5);
  private static final Duration STOP_GRACE = Duration.ofSeconds(20);
  private static final Duration MIN_FORGET_AFTER = Duration.ofMinutes(1);

  @Mixin RedisOptions redis;
  @Mixin Verbosity verbosity;
  @Spec CommandSpec spec;

  @Option(names = "--strategy", paramLabel = "NAME", converter = StrategyConverter.class,
      completionCandidates = StrategyConverter.Names.class,
      description = "set the queue's strategy first, one of: ${COMPLETION-CANDIDATES} "
          + "(default: keep the queue's, which starts as least-concurrency)")
  Strategy strategy;

  @Option(names = "--steal", negatable = true,
      description = "turn work stealing on (--no-steal: off) for the queue: a worker with free "
          + "slots and an empty inbox takes unstarted tasks from the most loaded worker's "
          + "inbox (default: keep the queue's setting, which starts off)")
  Boolean steal;

  @Option(names = "--steal-keyed", negatable = true,
      description = "let stealing take tasks with an affinity key from a live worker too "
          + "(--no-steal-keyed: leave them with their worker while it lives; default: keep the "
          + "queue's setting, which starts off)")
  Boolean stealKeyed;

  @Option(names = "--affinity-bound", paramLabel = "F",
      description = "key-affinity's load bound, above 1: a worker takes a keyed task only "
          + "while it holds at most F times the average in flight, else the key's next worker "
          + "does (default: keep the queue's, which starts as 1.25)")
  Double affinityBound;

  @Option(names = "--interval", paramLabel = "DURATION", converter = DurationConverter.class,
      defaultValue = "200ms",
      description = "how long to wait before looking again when backlog tasks wait that no "
          + "worker can take (default: ${DEFAULT-VALUE})")
  Duration interval;

  @Option(names = "--idle-interval", paramLabel = "DURATION",
      converter = DurationConverter.class, defaultValue = "5s",
      description = "longest wait while the backlog is empty; the producer or worker that puts "
          + "tasks into it wakes the dispatcher at once, and this only covers a lost wake-up "
          + "(default: ${DEFAULT-VALUE})")
  Duration idleInterval;

  @Option(names = "--reap-every", paramLabel = "DURATION", converter = DurationConverter.class,
      defaultValue = "1s",
      description = "how often to look for workers whose heartbeat expired and take their "
          + "tasks back (default: ${DEFAULT-VALUE})")
  Duration reapEvery;

  @Option(names = "--promote-every", paramLabel = "DURATION",
      converter = DurationConverter.class, defaultValue = "5s",
      description = "longest wait between looks for retries that are due; it also wakes when "
          + "the next known one is due, and at once when a worker schedules a retry due before "
          + "every other (default: ${DEFAULT-VALUE})")
  Duration promoteEvery;

  @Option(names = "--forget-after", paramLabel = "DURATION",
      converter = DurationConverter.class, defaultValue = "7d",
      description = "how long a worker that left (stopped, or died and was reclaimed) stays in "
          + "result-stats and workers list; then its description and statistics are deleted "
          + "(default: ${DEFAULT-VALUE})")
  Duration forgetAfter;

  @Option(names = "--retry-base", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "set the queue's retry backoff first: the delay after a first failed "
          + "attempt, doubling with each further one, with jitter (unset: the stored one, "
          + "else 1s)")
  Duration retryBase;

  @Option(names = "--retry-cap", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "set the queue's longest retry delay first (unset: the stored one, else "
          + "5m). Given alone, either of --retry-base and --retry-cap stores the other's "
          + "default with it (the base lowered to the cap, or the cap raised to the base)")
  Duration retryCap;

  private final Clock clock;
  private final CountDownLatch running = new CountDownLatch(1);
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
    checkPeriod("--interval", interval);
    checkPeriod("--idle-interval", idleInterval);
    checkPeriod("--reap-every", reapEvery);
    checkPeriod("--promote-every", promoteEvery);
    if (forgetAfter.compareTo(MIN_FORGET_AFTER) < 0) {
      throw new ParameterException(spec.commandLine(), "invalid --forget-after "
          + Text.duration(forgetAfter) + ": use " + Text.duration(MIN_FORGET_AFTER)
          + " or more, so a worker's figures outlive its last report");
    }
    RetryBackoff retry = retryBackoff();
    PlacementOptions placement = placementOptions();
    redis.url();
    Keys.of(redis.queueName());
    Thread hook = new Thread(this::stopAndWait, "tasklane-dispatcher-shutdown");
    try (Redis r = redis.connect("tasklane-dispatcher")) {
      TaskQueue queue = redis.queue(r, clock);
      Strategy inForce = strategy != null ? strategy : queue.strategy();
      if (strategy != null || placement != null) {
        // null leaves the strategy in force: only the options given are written
        queue.setStrategy(strategy, placement == null ? PlacementOptions.UNCHANGED : placement);
      }
      if (retry != null) queue.setRetryBackoff(retry.base(), retry.cap());
      LOG.info("dispatcher of queue '{}' at {}: strategy {}{}{}, interval {} ({} idle), reap "
          + "every {}, promote every {}{}", queue.name(), r.url(), inForce,
          strategy != null ? " (set now)" : "", describe(placement), Text.duration(interval),
          Text.duration(idleInterval), Text.duration(reapEvery), Text.duration(promoteEvery),
          retry == null ? "" : ", retry backoff " + Text.duration(retry.base()) + " to "
              + Text.duration(retry.cap()) + " (set now)");
      r.warnIfMayEvict(LOG);
      Dispatcher.Periods periods = new Dispatcher.Periods(interval, idleInterval, reapEvery,
          promoteEvery, forgetAfter);
      try (Dispatcher dispatcher = new Dispatcher(queue, periods, clock)) {
        Runtime.getRuntime().addShutdownHook(hook);
        dispatcher.start();
        running.countDown();
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

  private void checkPeriod(String option, Duration d) {
    if (d.isZero() || d.compareTo(MAX_INTERVAL) > 0) {
      throw new ParameterException(spec.commandLine(), "invalid " + option + " "
          + Text.duration(d) + ": use from 1ms to " + Text.duration(MAX_INTERVAL));
    }
  }

  /** The first retry delay and the longest one. */
  private record RetryBackoff(Duration base, Duration cap) {}

  /** The retry backoff to store, or null when neither option was given. */
  private RetryBackoff retryBackoff() {
    if (retryBase == null && retryCap == null) return null;
    checkRetryDelay("--retry-base", retryBase);
    checkRetryDelay("--retry-cap", retryCap);
    Duration base = retryBase;
    Duration cap = retryCap;
    if (base == null) base = cap.compareTo(RETRY_BASE_DEFAULT) < 0 ? cap : RETRY_BASE_DEFAULT;
    if (cap == null) cap = base.compareTo(RETRY_CAP_DEFAULT) > 0 ? base : RETRY_CAP_DEFAULT;
    if (cap.compareTo(base) < 0) {
      throw new ParameterException(spec.commandLine(), "--retry-cap " + Text.duration(cap)
          + " is below --retry-base " + Text.duration(base) + ": the cap must be at least the "
          + "base");
    }
    return new RetryBackoff(base, cap);
  }

  private void checkRetryDelay(String option, Duration d) {
    if (d != null && (d.isZero() || d.compareTo(MAX_RETRY_DELAY) > 0)) {
      throw new ParameterException(spec.commandLine(), "invalid " + option + " "
          + Text.duration(d) + ": use from 1ms to " + Text.duration(MAX_RETRY_DELAY));
    }
  }

  /** The placement options to store, or null when none was given. */
  private PlacementOptions placementOptions() {
    if (steal == null && stealKeyed == null && affinityBound == null) return null;
    try {
      return new PlacementOptions(steal, stealKeyed, affinityBound);
    } catch (InvalidInputException e) {
      throw new ParameterException(spec.commandLine(), "invalid --affinity-bound " + affinityBound
          + ": " + PlacementOptions.AFFINITY_BOUND_RULE);
    }
  }

  /** The placement options set now, for the start line. */
  private static String describe(PlacementOptions p) {
    if (p == null) return "";
    StringBuilder b = new StringBuilder();
    if (p.steal() != null) b.append(", work stealing ").append(p.steal() ? "on" : "off");
    if (p.stealKeyed() != null) {
      b.append(", stealing keyed tasks ").append(p.stealKeyed() ? "on" : "off");
    }
    if (p.affinityBound() != null) b.append(", affinity bound ").append(p.affinityBound());
    return b.append(" (set now)").toString();
  }

  /** One WARN line when Redis may evict keys: an evicted task hash or list loses tasks. */
  /** Whether the dispatcher's loops have started (for tests). */
  boolean started() {
    return running.getCount() == 0;
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
