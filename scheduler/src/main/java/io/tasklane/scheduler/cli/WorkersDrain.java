package io.tasklane.scheduler.cli;

import io.tasklane.cli.ExitCode;
import io.tasklane.cli.VersionProvider;
import io.tasklane.error.InvalidInputException;
import io.tasklane.redis.Keys;
import io.tasklane.redis.StateChange;
import io.tasklane.redis.TaskQueue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code workers drain}: a worker gets no new tasks and finishes what it holds. */
@Command(name = "drain", mixinStandardHelpOptions = true, sortOptions = false,
    versionProvider = VersionProvider.class,
    description = {
        "Takes a worker out of placement: no strategy picks it any more, and it finishes the "
            + "tasks it runs and holds in its inbox. The worker process keeps running; "
            + "workers undrain puts it back. A worker that registers again starts active.",
        ""})
final class WorkersDrain extends QueueAction {
  @Parameters(index = "0", paramLabel = "ID", description = "the worker's ID")
  String id;

  @Override
  void check() {
    Keys.checkWorkerId(id);
  }

  @Override
  int run(TaskQueue queue) {
    StateChange c = queue.drain(id);
    if (!c.done()) {
      throw new InvalidInputException(c.seen().isEmpty()
          ? "worker " + id + " is not registered in queue '" + queue.name() + "'"
          : "worker " + id + " is gone (it deregistered): there is nothing to drain");
    }
    out().println("worker " + id + " is draining: it finishes what it holds and gets nothing "
        + "new");
    out().flush();
    return ExitCode.OK;
  }
}
