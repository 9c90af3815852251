package io.tasklane.scheduler.cli;

import io.tasklane.cli.Commands;
import io.tasklane.cli.DurationConverter;
import io.tasklane.cli.ExitCode;
import io.tasklane.cli.RedisOptions;
import io.tasklane.cli.Verbosity;
import io.tasklane.cli.VersionProvider;
import io.tasklane.error.TasklaneException;
import io.tasklane.redis.Keys;
import io.tasklane.redis.Redis;
import io.tasklane.scheduler.stats.QueueStats;
import io.tasklane.scheduler.stats.StatsService;
import io.tasklane.task.Json;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code result-stats}: per-worker throughput and run times of a queue. */
@Command(name = "result-stats", mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class, sortOptions = false,
    description = {
        "Shows each worker's state, tasks in flight, successes, failed attempts, tasks it "
            + "dead-lettered, stale outcomes (refused because the task had been taken back), "
            + "tasks reclaimed from it after it died, tasks it stole from other workers' inboxes "
            + "(work stealing), throughput (tasks/s over the window and "
            + "over its lifetime) and run times (mean, p50, p95, p99 in ms), with a TOTAL row "
            + "and the queue's strategy and depths (backlog, delayed retries, dead letters). "
            + "Reads counters only: its cost does not grow with the number of tasks.",
        "",
        "States: active; draining (takes no new tasks); ejected (failing far more than the "
            + "queue as a whole, so out of placement until its back-off ends; workers list shows "
            + "until when); dead (its heartbeat lapsed); gone (deregistered).",
        ""},
    footer = {
        "",
        "Exit codes:",
        "  0  shown",
        "  2  bad usage, such as a window outside 1s to 1h",
        "  3  Redis unreachable or refused the credentials",
        "  4  unexpected error (-v shows details)"})
public final class ResultStatsCommand implements Callable<Integer> {
  private static final String CLEAR_SCREEN = "\033[H\033[2J";
  private static final Duration MIN_EVERY = Duration.ofMillis(100);

  @Mixin RedisOptions redis;
  @Mixin Verbosity verbosity;
  @Spec CommandSpec spec;

  @Option(names = "--window", paramLabel = "DURATION", converter = DurationConverter.class,
      defaultValue = "60s",
      description = "throughput window, whole seconds from 1s to 1h (default: ${DEFAULT-VALUE})")
  Duration window;

  @Option(names = "--json",
      description = "print one JSON object (README.md, \"result-stats JSON\", describes it)")
  boolean json;

  @Option(names = "--watch",
      description = "show again every --every until Ctrl-C (with --json: one object per line)")
  boolean watch;

  @Option(names = "--every", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "with --watch: how often (default: 2s)")
  Duration every;

  private final Clock clock;

  public ResultStatsCommand() {
    this(Clock.systemUTC());
  }

  ResultStatsCommand(Clock clock) {
    this.clock = clock;
  }

  public static void main(String[] args) {
    Logs.quietUnlessVerbose(args);
    Commands.main(new ResultStatsCommand(), args);
  }

  @Override
  public Integer call() throws InterruptedException {
    if (every != null && !watch) usage("--every needs --watch");
    Duration period = every == null ? Duration.ofSeconds(2) : every;
    if (period.compareTo(MIN_EVERY) < 0) {
      usage("invalid --every " + Text.duration(period) + ": use 100ms or more");
    }
    StatsService.checkWindow(window);
    redis.url();
    Keys.of(redis.queueName());
    PrintWriter out = spec.commandLine().getOut();
    try (Redis r = redis.connect("tasklane-result-stats")) {
      StatsService stats = new StatsService(redis.queue(r, clock));
      if (!watch) {
        print(out, stats.read(window));
        return ExitCode.OK;
      }
      while (!Thread.currentThread().isInterrupted()) {
        try {
          QueueStats s = stats.read(window);
          if (!json) out.print(CLEAR_SCREEN);
          print(out, s);
        } catch (TasklaneException e) {
          // A passing outage: say so in place of the figures and keep watching.
          if (!json) out.print(CLEAR_SCREEN);
          spec.commandLine().getErr().println("result-stats: " + e.getMessage());
          spec.commandLine().getErr().flush();
        }
        Thread.sleep(period.toMillis());
      }
      return ExitCode.OK;
    }
  }

  private void print(PrintWriter out, QueueStats s) {
    out.print(json ? Json.write(StatsJson.of(s)) + "\n" : StatsTable.of(s));
    out.flush();
  }

  private void usage(String message) {
    throw new ParameterException(spec.commandLine(), message);
  }
}
