package io.tasklane.scheduler.cli;

import io.tasklane.cli.ExitCode;
import io.tasklane.client.TasklaneClient;
import io.tasklane.error.DuplicateTaskException;
import io.tasklane.error.InvalidInputException;
import io.tasklane.task.Json;
import io.tasklane.task.NewTask;
import io.tasklane.task.TaskInfo;
import io.tasklane.task.TaskStatus;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * The --from part of submit-task: submits validated tasks in batches with a progress bar,
 * prints one summary line, and with --wait waits until all of them are final (succeeded, dead
 * or cancelled; retries are waited for) and prints a second one.
 */
final class BatchSubmit {
  /** "No limit" for waiting: long enough never to matter, short enough not to overflow. */
  static final Duration NO_LIMIT = Duration.ofDays(365_000);
  private static final int READ_CHUNK = 1000;
  private static final int FAILURES_SHOWN = 20;

  private final TasklaneClient client;
  private final Clock clock;
  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean json;
  private final boolean showProgress;

  BatchSubmit(TasklaneClient client, Clock clock, PrintWriter out, PrintWriter err, boolean json,
      boolean showProgress) {
    this.client = client;
    this.clock = clock;
    this.out = out;
    this.err = err;
    this.json = json;
    this.showProgress = showProgress;
  }

  /** Submits, and with {@code await} waits up to {@code waitTimeout} (null: no limit). */
  int run(List<NewTask> tasks, boolean ifAbsent, boolean await, Duration waitTimeout)
      throws InterruptedException {
    long start = clock.millis();
    int[] done = {0};
    List<String> skipped;
    try (Progress bar = Progress.start("submit", tasks.size(), showProgress)) {
      skipped = client.submitAll(tasks, ifAbsent, n -> {
        done[0] = n;
        bar.to(n);
      });
    } catch (DuplicateTaskException e) {
      throw new InvalidInputException("task id '" + e.taskId() + "' exists in queue '"
          + client.queue().name() + "' already; " + submittedBefore(done[0])
          + " (--if-absent skips existing IDs)");
    } catch (InvalidInputException e) {
      if (done[0] == 0) throw e;
      throw new InvalidInputException(e.getMessage() + "; " + submittedBefore(done[0]));
    }
    double seconds = seconds(start);
    int submitted = tasks.size() - skipped.size();
    summary(submitted, skipped.size(), seconds);
    if (!await) return ExitCode.OK;

    List<String> ids = new ArrayList<>(tasks.size());
    for (NewTask t : tasks) ids.add(t.id());
    String gaveUpAfter = null;
    try (Progress bar = Progress.start("wait", ids.size(), showProgress)) {
      client.awaitAll(ids, waitTimeout == null ? NO_LIMIT : waitTimeout, bar::to);
    } catch (TimeoutException e) {
      gaveUpAfter = Text.duration(waitTimeout);
    }
    return finished(ids, seconds(start), gaveUpAfter);
  }

  private static String submittedBefore(int done) {
    return done == 0 ? "nothing was submitted"
        : Text.plural(done, "task") + " before its batch were submitted";
  }

  private void summary(int submitted, int skipped, double seconds) {
    double rate = submitted / Math.max(seconds, 0.001);
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("submitted", submitted);
      m.put("skipped", skipped);
      m.put("seconds", Text.round(seconds, 3));
      m.put("tasks_per_s", Text.round(rate, 1));
      out.println(Json.write(m));
    } else {
      out.println("submitted " + Text.plural(submitted, "task") + " in " + Text.fixed(seconds, 2)
          + "s (" + Text.fixed(rate, 0) + " tasks/s)"
          + (skipped > 0 ? "; skipped " + skipped + " whose IDs exist already" : ""));
    }
    out.flush();
  }

  /**
   * Reads every task's state and prints the second summary line; {@code gaveUpAfter} is the
   * wait timeout when it expired.
   */
  private int finished(List<String> ids, double seconds, String gaveUpAfter) {
    long succeeded = 0, dead = 0, cancelled = 0, unfinished = 0;
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < ids.size(); i += READ_CHUNK) {
      List<String> chunk = ids.subList(i, Math.min(i + READ_CHUNK, ids.size()));
      List<TaskInfo> infos = client.queue().tasks(chunk);
      for (int j = 0; j < chunk.size(); j++) {
        TaskInfo t = infos.get(j);
        if (t != null && t.status() == TaskStatus.SUCCEEDED) {
          succeeded++;
          continue;
        }
        if (t != null && !t.status().isFinal()) {
          unfinished++;
          continue;
        }
        // Only dead tasks are ever deleted (dead-letters purge): a missing one died.
        if (t == null || t.status() == TaskStatus.DEAD) dead++;
        else cancelled++;
        if (failures.size() < FAILURES_SHOWN) {
          failures.add(t == null ? "task " + chunk.get(j) + " no longer exists (dead-lettered "
              + "and purged?)" : failure(t));
        }
      }
    }
    long failed = dead + cancelled;
    long finished = succeeded + failed;
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("finished", finished);
      m.put("seconds", Text.round(seconds, 3));
      m.put("succeeded", succeeded);
      m.put("dead", dead);
      m.put("cancelled", cancelled);
      m.put("unfinished", unfinished);
      out.println(Json.write(m));
    } else {
      out.println("finished " + Text.plural(finished, "task") + " in " + Text.fixed(seconds, 2)
          + "s: " + succeeded + " succeeded, " + dead + " dead"
          + (cancelled > 0 ? ", " + cancelled + " cancelled" : ""));
    }
    out.flush();
    failures.forEach(f -> err.println("submit-task: " + f));
    if (failed > failures.size()) {
      err.println("submit-task: and " + (failed - failures.size()) + " more dead or cancelled");
    }
    if (unfinished > 0) {
      err.println("submit-task: " + unfinished + " of " + Text.plural(ids.size(), "task")
          + " did not finish within " + (gaveUpAfter == null ? "the wait" : gaveUpAfter));
    }
    err.flush();
    return failed > 0 || unfinished > 0 ? ExitCode.TASK_FAILED : ExitCode.OK;
  }

  /** One line saying how a final task that did not succeed ended. */
  static String failure(TaskInfo t) {
    String why = t.error() == null ? "" : ": " + Text.oneLine(t.error());
    return switch (t.status()) {
      case DEAD -> "task " + t.id() + " dead after " + Text.plural(t.attempt(), "attempt") + why;
      default -> "task " + t.id() + " " + t.status().wire() + why;
    };
  }

  private double seconds(long startMs) {
    return Math.max(0, clock.millis() - startMs) / 1000.0;
  }
}
