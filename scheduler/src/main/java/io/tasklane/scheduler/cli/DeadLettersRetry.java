package io.tasklane.scheduler.cli;

import io.tasklane.cli.ExitCode;
import io.tasklane.cli.VersionProvider;
import io.tasklane.error.InvalidInputException;
import io.tasklane.redis.TaskQueue;
import io.tasklane.task.TaskIds;
import io.tasklane.task.TaskStatus;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dead-letters retry}: requeues dead tasks with a fresh set of attempts. */
@Command(name = "retry", mixinStandardHelpOptions = true, sortOptions = false,
    versionProvider = VersionProvider.class,
    description = {
        "Requeues dead tasks: each leaves the dead list, starts again from attempt 0 and is "
            + "placed like a new task. Prints how many were requeued. An ID that is not dead "
            + "is reported on stderr and makes the exit code 2; the others are still requeued.",
        ""})
final class DeadLettersRetry extends DeadLetterAction {
  private static final int CHUNK = 1000;

  @Parameters(arity = "0..*", paramLabel = "ID", description = "IDs of dead tasks")
  List<String> ids = new ArrayList<>();

  @Option(names = "--all", description = "requeue every dead task of the queue")
  boolean all;

  @Override
  void check() {
    if (all == !ids.isEmpty()) {
      throw new InvalidInputException("give the IDs of dead tasks, or --all (not both)");
    }
    ids.forEach(TaskIds::check);
  }

  @Override
  int run(TaskQueue queue) {
    if (all) {
      report(queue.retryAllDead());
      return ExitCode.OK;
    }
    List<String> unique = new ArrayList<>(new LinkedHashSet<>(ids));
    List<String> dead = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < unique.size(); i += CHUNK) {
      List<String> chunk = unique.subList(i, Math.min(i + CHUNK, unique.size()));
      List<TaskStatus> statuses = queue.statuses(chunk);
      for (int j = 0; j < chunk.size(); j++) {
        TaskStatus s = statuses.get(j);
        if (s == TaskStatus.DEAD) dead.add(chunk.get(j));
        else if (s == null) problems.add("task " + chunk.get(j) + " does not exist");
        else problems.add("task " + chunk.get(j) + " is not dead (it is " + s.wire() + ")");
      }
    }
    int requeued = dead.isEmpty() ? 0 : queue.retryDead(dead);
    report(requeued);
    problems.forEach(this::complain);
    if (requeued < dead.size()) {
      complain(Text.plural(dead.size() - requeued, "task") + " had left the dead list before "
          + "the retry (retried or purged meanwhile)");
    }
    return problems.isEmpty() && requeued == dead.size() ? ExitCode.OK : ExitCode.BAD_INPUT;
  }

  private void report(long requeued) {
    out().println("requeued " + Text.plural(requeued, "task"));
    out().flush();
  }
}
