package io.tasklane.scheduler.cli;

import io.tasklane.cli.ExitCode;
import io.tasklane.cli.VersionProvider;
import io.tasklane.error.InvalidInputException;
import io.tasklane.redis.Keys;
import io.tasklane.redis.TaskQueue;
import io.tasklane.redis.WorkerSnapshot;
import io.tasklane.scheduler.stats.StatsService;
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
    if (!queue.undrain(id)) throw new InvalidInputException(why(queue));
    out().println("worker " + id + " takes tasks again");
    out().flush();
    return ExitCode.OK;
  }

  /** Why the worker could not be undrained. */
  private String why(TaskQueue queue) {
    WorkerSnapshot w = WorkersCommand.find(queue, id);
    if (w == null) return "worker " + id + " is not registered in queue '" + queue.name() + "'";
    String stored = w.info() == null ? null : w.info().get("state");
    if ("draining".equals(stored)) {
      return w.alive() ? "worker " + id + " became draining while this ran: try again"
          : "worker " + id + " is draining but not alive (its heartbeat lapsed): it cannot "
              + "take tasks";
    }
    return "worker " + id + " is not draining (it is " + StatsService.state(w) + ")";
  }
}
