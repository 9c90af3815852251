package io.tasklane.scheduler.cli;

import io.tasklane.cli.Commands;
import io.tasklane.cli.ExitCode;
import io.tasklane.cli.RedisOptions;
import io.tasklane.cli.Verbosity;
import io.tasklane.cli.VersionProvider;
import io.tasklane.redis.Keys;
import io.tasklane.redis.Redis;
import io.tasklane.redis.TaskQueue;
import io.tasklane.task.Json;
import io.tasklane.task.TaskIds;
import io.tasklane.task.TaskInfo;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code task-status}: shows where tasks are and how they ended. */
@Command(name = "task-status", mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class, sortOptions = false,
    description = {
        "Shows each task's status, type, worker, attempts, times (ISO-8601 UTC), run time and "
            + "outcome: the result of a succeeded task; when the next attempt is due and the "
            + "last error of a retrying one; the reason of a dead one (attempts used up, no "
            + "handler for its type, a payload that cannot be decoded, or its worker died "
            + "during its last attempt).",
        "",
        "Statuses: queued, assigned, running, retrying (an attempt failed; the next one waits "
            + "for its backoff), and the final ones succeeded, dead (in the dead letters: see "
            + "dead-letters) and cancelled.",
        ""},
    footer = {
        "",
        "Exit codes:",
        "  0  every task was found",
        "  2  bad usage, an invalid ID, or a task that does not exist (\"ID: no such task\" on "
            + "stderr; the others are still shown)",
        "  3  Redis unreachable or refused the credentials",
        "  4  unexpected error (-v shows details)"})
public final class TaskStatusCommand implements Callable<Integer> {
  private static final int READ_CHUNK = 1000;

  @Mixin RedisOptions redis;
  @Mixin Verbosity verbosity;
  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "ID", description = "task IDs")
  List<String> ids;

  @Option(names = "--json", description = "print a JSON array of the tasks found")
  boolean json;

  private final Clock clock;

  public TaskStatusCommand() {
    this(Clock.systemUTC());
  }

  TaskStatusCommand(Clock clock) {
    this.clock = clock;
  }

  public static void main(String[] args) {
    Logs.quietUnlessVerbose(args);
    Commands.main(new TaskStatusCommand(), args);
  }

  @Override
  public Integer call() {
    ids.forEach(TaskIds::check);
    redis.url();
    Keys.of(redis.queueName());
    List<TaskInfo> found = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    try (Redis r = redis.connect("tasklane-task-status")) {
      TaskQueue queue = redis.queue(r, clock);
      for (int i = 0; i < ids.size(); i += READ_CHUNK) {
        List<String> chunk = ids.subList(i, Math.min(i + READ_CHUNK, ids.size()));
        List<TaskInfo> infos = queue.tasks(chunk);
        for (int j = 0; j < chunk.size(); j++) {
          if (infos.get(j) == null) missing.add(chunk.get(j));
          else found.add(infos.get(j));
        }
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      List<Map<String, Object>> list = new ArrayList<>(found.size());
      for (TaskInfo t : found) list.add(t.toJsonMap());
      out.println(Json.write(list));
    } else {
      for (int i = 0; i < found.size(); i++) {
        if (i > 0) out.println();
        out.print(block(found.get(i)));
      }
    }
    out.flush();
    PrintWriter err = spec.commandLine().getErr();
    missing.forEach(id -> err.println(id + ": no such task"));
    err.flush();
    return missing.isEmpty() ? ExitCode.OK : ExitCode.BAD_INPUT;
  }

  /** The task as aligned "field  value" lines. */
  String block(TaskInfo t) {
    return TaskText.block(t, clock.millis(), false);
  }
}
