package io.tasklane.scheduler.cli;

import io.tasklane.cli.RedisOptions;
import io.tasklane.cli.Verbosity;
import io.tasklane.redis.Keys;
import io.tasklane.redis.Redis;
import io.tasklane.redis.TaskQueue;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What the subcommands of dead-letters and workers share: the Redis options and one connection.
 * Errors become one line named after the whole command ("workers drain: …") with the usual exit
 * codes, as for every command.
 */
abstract class QueueAction implements Callable<Integer> {
  @Mixin RedisOptions redis;
  @Mixin Verbosity verbosity;
  @Spec CommandSpec spec;

  final Clock clock = Clock.systemUTC();

  /** Does the work on an open queue; returns the exit code. */
  abstract int run(TaskQueue queue);

  /** Checks the arguments before connecting; throws InvalidInputException. */
  void check() {}

  /** Failures become one line and an exit code in {@link io.tasklane.cli.Commands}. */
  @Override
  public final Integer call() {
    check();
    redis.url();
    Keys.of(redis.queueName());
    String command = spec.parent() == null ? spec.name() : spec.parent().name();
    try (Redis r = redis.connect("tasklane-" + command)) {
      return run(redis.queue(r, clock));
    }
  }

  /** Prints one line on stderr, named after the whole command. */
  void complain(String message) {
    err().println(spec.qualifiedName() + ": " + message);
    err().flush();
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }
}
