package io.tasklane.scheduler.cli;

import io.tasklane.cli.ExitCode;
import io.tasklane.cli.VersionProvider;
import io.tasklane.redis.TaskQueue;
import io.tasklane.scheduler.stats.WorkerSummary;
import io.tasklane.task.Json;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code workers list}: every worker that registered on the queue, one line each. */
@Command(name = "list", mixinStandardHelpOptions = true, sortOptions = false,
    versionProvider = VersionProvider.class,
    description = {
        "Lists every worker that registered on the queue, sorted by ID: host, state, "
            + "concurrency (slots), weight, tasks in flight (inbox plus running) and in its "
            + "inbox, the moving average of its run times in ms, until when it is ejected "
            + "(ISO-8601 UTC) and its last heartbeat.",
        ""})
final class WorkersList extends QueueAction {
  @Option(names = "--json",
      description = "print one JSON object: {\"queue\", \"workers\": [{\"id\", \"host\", "
          + "\"state\", \"concurrency\", \"weight\", \"inflight\", \"inbox\", \"ewma_run_ms\" "
          + "(null before its first task), \"ejected_until\" (ISO-8601, null unless ejected), "
          + "\"last_seen\" (ISO-8601 or null)}]}")
  boolean json;

  @Override
  int run(TaskQueue queue) {
    List<WorkerSummary> workers = WorkerSummary.of(queue.snapshot(1));
    PrintWriter out = out();
    if (json) {
      out.println(Json.write(json(queue.name(), workers)));
    } else if (workers.isEmpty()) {
      out.println("no workers in queue '" + queue.name() + "'");
    } else {
      TextTable t = new TextTable("WORKER", "HOST", "STATE", ">CONCURRENCY", ">WEIGHT",
          ">IN-FLIGHT", ">INBOX", ">EWMA MS", "EJECTED UNTIL", "LAST SEEN");
      for (WorkerSummary w : workers) {
        t.add(w.id(), w.host(), w.state(), Long.toString(w.concurrency()),
            Long.toString(w.weight()), Long.toString(w.inflight()), Long.toString(w.inbox()),
            Text.millis(w.ewmaRunMs()), Text.iso(w.ejectedUntil()), Text.iso(w.lastSeen()));
      }
      out.print(t.render());
    }
    out.flush();
    return ExitCode.OK;
  }

  private static Map<String, Object> json(String queue, List<WorkerSummary> workers) {
    List<Map<String, Object>> list = new ArrayList<>(workers.size());
    for (WorkerSummary w : workers) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", w.id());
      m.put("host", w.host());
      m.put("state", w.state());
      m.put("concurrency", w.concurrency());
      m.put("weight", w.weight());
      m.put("inflight", w.inflight());
      m.put("inbox", w.inbox());
      m.put("ewma_run_ms", Text.round(w.ewmaRunMs(), 3));
      m.put("ejected_until", w.ejectedUntil() == 0 ? null : Text.iso(w.ejectedUntil()));
      m.put("last_seen", w.lastSeen() == 0 ? null : Text.iso(w.lastSeen()));
      list.add(m);
    }
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("queue", queue);
    o.put("workers", list);
    return o;
  }
}
