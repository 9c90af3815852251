package io.tasklane.bench;

import io.tasklane.client.TasklaneClient;
import io.tasklane.redis.QueueSnapshot;
import io.tasklane.redis.TaskQueue;
import io.tasklane.redis.WorkerSnapshot;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What every benchmark run shares: the Redis URL and queue, how to start workers and the
 * dispatcher, where logs, process IDs and profiles go.
 *
 * @param workerCmd     {@code scripts/worker}
 * @param dispatcherCmd {@code scripts/dispatcher}
 * @param plugins       the plug-in jar with the {@code stamp} handler (TASKLANE_PLUGINS)
 * @param profileDir    where to write JFR recordings and Redis profiles, or null
 */
record Setup(String url, String queue, String workerCmd, String dispatcherCmd, String plugins,
    Path pidFile, Path logDir, Path profileDir) {

  static Setup from(Options o) {
    Path logDir = o.path("log-dir");
    return new Setup(o.required("redis"), o.string("queue", "bench"),
        o.string("worker-cmd", "scripts/worker"), o.string("dispatcher-cmd", "scripts/dispatcher"),
        o.string("plugins", ""), o.path("pid-file"),
        logDir == null ? Path.of(System.getProperty("java.io.tmpdir")) : logDir,
        o.path("profile-dir"));
  }

  TasklaneClient client() {
    return TasklaneClient.builder().redis(url).queue(queue).commandTimeout(Duration.ofSeconds(60))
        .build();
  }

  /** Starts {@code scripts/worker} with the ID and options given, the plug-in on its class path. */
  Processes.Proc startWorker(Processes procs, String label, String id, List<String> args,
      boolean profile) {
    List<String> cmd = new ArrayList<>(List.of(workerCmd, "--redis", url, "--queue", queue,
        "--id", id));
    cmd.addAll(args);
    Map<String, String> env = new HashMap<>();
    if (!plugins.isEmpty()) env.put("TASKLANE_PLUGINS", plugins);
    if (profile && profileDir != null) {
      // Java 25 can also sample by CPU time, which shows where the CPU goes, native code included.
      String cpuTime = Runtime.version().feature() >= 25
          ? "jdk.CPUTimeSample#enabled=true,jdk.CPUTimeSample#throttle=1ms," : "";
      String jfr = "-XX:StartFlightRecording=settings=profile," + cpuTime
          + "dumponexit=true,filename=" + profileDir.resolve(label + ".jfr");
      String opts = System.getenv("TASKLANE_JAVA_OPTS");
      env.put("TASKLANE_JAVA_OPTS", opts == null || opts.isBlank() ? jfr : opts + " " + jfr);
    }
    return procs.start(label, cmd, env);
  }

  Processes.Proc startDispatcher(Processes procs, String label) {
    return procs.start(label, List.of(dispatcherCmd, "--redis", url, "--queue", queue), Map.of());
  }

  /**
   * Waits until every worker ID is registered, alive and active on the queue; fails at once when
   * one of the processes exits.
   */
  static void awaitRegistered(TaskQueue queue, List<String> ids, List<Processes.Proc> procs,
      Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Set<String> want = new HashSet<>(ids);
    while (true) {
      for (Processes.Proc p : procs) {
        if (!p.process().isAlive()) {
          throw new IllegalStateException(p.label() + " exited with code "
              + p.process().exitValue() + "; last lines of " + p.log() + ":\n" + p.logTail());
        }
      }
      QueueSnapshot s = queue.snapshot(1);
      Set<String> ready = new HashSet<>();
      for (WorkerSnapshot w : s.workers()) {
        if (w.alive() && "active".equals(w.info().get("state"))) ready.add(w.id());
      }
      if (ready.containsAll(want)) return;
      if (System.nanoTime() - deadline >= 0) {
        want.removeAll(ready);
        throw new IllegalStateException("workers not registered after " + timeout.toSeconds()
            + " s: " + want);
      }
      Thread.sleep(50);
    }
  }

  /** Tasks the queue's workers have finished (succeeded or failed), from their counters. */
  static long finished(TaskQueue queue) {
    long n = 0;
    for (WorkerSnapshot w : queue.snapshot(1).workers()) {
      n += counter(w, "succeeded") + counter(w, "failed");
    }
    return n;
  }

  static long counter(WorkerSnapshot w, String name) {
    String v = w.counters() == null ? null : w.counters().get(name);
    return v == null || v.isEmpty() ? 0 : Long.parseLong(v);
  }

  static void progress(String line) {
    System.err.println("bench: " + line);
    System.err.flush();
  }
}
