package io.tasklane.scheduler.cli;

import io.tasklane.cli.ExitCode;
import io.tasklane.cli.VersionProvider;
import io.tasklane.error.InvalidInputException;
import io.tasklane.redis.TaskQueue;
import io.tasklane.task.Json;
import io.tasklane.task.TaskIds;
import io.tasklane.task.TaskInfo;
import io.tasklane.task.TaskStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dead-letters show}: one dead task, whole, payload included. */
@Command(name = "show", mixinStandardHelpOptions = true, sortOptions = false,
    versionProvider = VersionProvider.class,
    description = {
        "Shows one dead task whole: status, type, attempts, times, payload and the full reason.",
        ""})
final class DeadLettersShow extends DeadLetterAction {
  @Parameters(index = "0", paramLabel = "ID", description = "the dead task's ID")
  String id;

  @Option(names = "--json", description = "print the task as one JSON object, payload included")
  boolean json;

  @Override
  void check() {
    TaskIds.check(id);
  }

  @Override
  int run(TaskQueue queue) {
    TaskInfo t = queue.task(id);
    if (t == null) {
      throw new InvalidInputException("task " + id + " does not exist in queue '" + queue.name()
          + "'");
    }
    if (t.status() != TaskStatus.DEAD) {
      throw new InvalidInputException("task " + id + " is not dead (it is " + t.status().wire()
          + "); task-status shows any task");
    }
    if (json) {
      out().println(Json.write(withPayload(t)));
    } else {
      out().print(TaskText.block(t, clock.millis(), true));
    }
    out().flush();
    return ExitCode.OK;
  }

  /** The task's JSON map with its payload embedded as JSON after its type. */
  private static Map<String, Object> withPayload(TaskInfo t) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : t.toJsonMap().entrySet()) {
      m.put(e.getKey(), e.getValue());
      if (e.getKey().equals("type")) {
        String p = t.payload();
        m.put("payload", p == null ? null : Json.problem(p) == null ? Json.tree(p) : p);
      }
    }
    return m;
  }
}
