package io.tasklane.scheduler.cli;

import io.tasklane.cli.ExitCode;
import io.tasklane.cli.VersionProvider;
import io.tasklane.error.InvalidInputException;
import io.tasklane.redis.TaskQueue;
import io.tasklane.task.Json;
import io.tasklane.task.TaskInfo;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dead-letters list}: the oldest dead tasks, one line each. */
@Command(name = "list", mixinStandardHelpOptions = true, sortOptions = false,
    versionProvider = VersionProvider.class,
    description = {
        "Lists dead tasks, oldest first: ID, type, attempts used, when it died (ISO-8601 UTC) "
            + "and the reason on one line (dead-letters show prints it whole).",
        ""})
final class DeadLettersList extends DeadLetterAction {
  static final int MAX_LIMIT = 10_000;
  /** Longest reason shown in the table; the rest is cut with "...". */
  static final int REASON_WIDTH = 120;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
      description = "show at most N tasks, 1 to " + MAX_LIMIT + " (default: ${DEFAULT-VALUE})")
  int limit;

  @Option(names = "--json",
      description = "print one JSON object: {\"queue\", \"dead\" (how many in all), \"tasks\": "
          + "[{\"id\", \"type\", \"attempt\", \"max_attempts\", \"finished\" (epoch ms), "
          + "\"error\"}]}")
  boolean json;

  @Override
  void check() {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new InvalidInputException("invalid --limit " + limit + ": use a whole number from 1 "
          + "to " + MAX_LIMIT);
    }
  }

  @Override
  int run(TaskQueue queue) {
    long total = queue.deadCount();
    List<TaskInfo> tasks = queue.deadLetters(0, limit);
    PrintWriter out = out();
    if (json) {
      out.println(Json.write(json(queue.name(), total, tasks)));
    } else if (tasks.isEmpty()) {
      out.println("no dead tasks in queue '" + queue.name() + "'");
    } else {
      TextTable t = new TextTable("ID", "TYPE", ">ATTEMPTS", "DIED", "REASON");
      for (TaskInfo task : tasks) {
        t.add(task.id(), task.type(), task.attempt() + "/" + task.maxAttempts(),
            Text.iso(task.finished()), reason(task.error()));
      }
      out.print(t.render());
      if (total > tasks.size()) {
        out.println("showing " + tasks.size() + " of " + total + " dead tasks: --limit shows "
            + "more");
      }
    }
    out.flush();
    return ExitCode.OK;
  }

  private static Map<String, Object> json(String queue, long total, List<TaskInfo> tasks) {
    List<Map<String, Object>> list = new ArrayList<>(tasks.size());
    for (TaskInfo t : tasks) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", t.id());
      m.put("type", t.type());
      m.put("attempt", t.attempt());
      m.put("max_attempts", t.maxAttempts());
      m.put("finished", t.finished() == 0 ? null : t.finished());
      m.put("error", t.error());
      list.add(m);
    }
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("queue", queue);
    o.put("dead", total);
    o.put("tasks", list);
    return o;
  }

  static String reason(String error) {
    String one = Text.oneLine(error);
    if (one.isEmpty()) return "-";
    return one.length() <= REASON_WIDTH ? one : one.substring(0, REASON_WIDTH - 3) + "...";
  }
}
