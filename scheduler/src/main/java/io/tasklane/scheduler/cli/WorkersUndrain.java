package io.tasklane.scheduler.cli;

import io.tasklane.cli.ExitCode;
import io.tasklane.cli.VersionProvider;
import io.tasklane.error.InvalidInputException;
import io.tasklane.redis.Keys;
import io.tasklane.redis.StateChange;
import io.tasklane.redis.TaskQueue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code workers undrain}: a draining worker takes tasks again. */
@Command(name = "undrain", mixinStandardHelpOptions = true, sortOptions = false,
    versionProvider = VersionProvider.class,
    description = {
        "Puts a draining worker back into placement, if it is alive (its heartbeat is "
            + "current).",
        ""})
final class WorkersUndrain extends QueueAction {
  @Parameters(index = "0", paramLabel = "ID", description = "the worker's ID")
  String id;

  @Override
  void check() {
    Keys.checkWorkerId(id);
  }

  @Override
  int run(TaskQueue queue) {
    StateChange c = queue.undrain(id);
    if (!c.done()) throw new InvalidInputException(why(c.seen(), queue.name()));
    out().println("worker " + id + " takes tasks again");
    out().flush();
    return ExitCode.OK;
  }

  /** Why the worker could not be undrained, from the state the script found. */
  private String why(String seen, String queueName) {
    return switch (seen) {
      case "" -> "worker " + id + " is not registered in queue '" + queueName + "'";
      case "lapsed" -> "worker " + id + " is draining but not alive (its heartbeat lapsed): it "
          + "cannot take tasks";
      default -> "worker " + id + " is not draining (it is " + seen + ")";
    };
  }
}
