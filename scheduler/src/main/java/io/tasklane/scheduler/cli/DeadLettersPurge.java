package io.tasklane.scheduler.cli;

import io.tasklane.cli.ExitCode;
import io.tasklane.cli.VersionProvider;
import io.tasklane.error.InvalidInputException;
import io.tasklane.redis.TaskQueue;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dead-letters purge}: deletes every dead task of the queue, after a confirmation. */
@Command(name = "purge", mixinStandardHelpOptions = true, sortOptions = false,
    versionProvider = VersionProvider.class,
    description = {
        "Deletes every dead task of the queue for good: its entry in the dead list and the "
            + "task itself. Asks first on a terminal; without one, --yes is required. Prints "
            + "how many were deleted.",
        ""})
final class DeadLettersPurge extends DeadLetterAction {
  @Option(names = {"-y", "--yes"}, description = "do not ask for confirmation")
  boolean yes;

  @Override
  int run(TaskQueue queue) {
    long count = queue.deadCount();
    if (count > 0 && !yes) {
      String what = Text.plural(count, "dead task") + " of queue '" + queue.name() + "'";
      String answer = parent.prompt().ask("Delete the " + what + " for good? [y/N] ");
      if (answer == null) {
        throw new InvalidInputException("purge would delete the " + what + " for good: "
            + "confirm with --yes (there is no terminal to ask on)");
      }
      String a = answer.strip().toLowerCase(Locale.ROOT);
      if (!a.equals("y") && !a.equals("yes")) {
        complain("not confirmed; nothing was deleted");
        return ExitCode.TASK_FAILED;
      }
    }
    long purged = count == 0 ? 0 : queue.purgeDead();
    out().println("purged " + Text.plural(purged, "task"));
    out().flush();
    return ExitCode.OK;
  }
}
