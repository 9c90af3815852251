package io.tasklane.bench;

import io.tasklane.client.TasklaneClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Idle load: W worker processes with nothing to do (default options), then the same with a
 * dispatcher running too. Redis commands per second are INFO commandstats deltas over a window,
 * taken after the processes have settled; commands that scripts run count one each.
 */
final class IdleBench {
  private IdleBench() {}

  static Map<String, Object> run(Setup setup, Options o) throws Exception {
    int workers = o.integer("workers", 10);
    int window = o.integer("window", 10);
    int settle = o.integer("settle", 3);
    try (RedisMeter meter = RedisMeter.connect(setup.url());
         TasklaneClient client = setup.client();
         Processes procs = new Processes(setup.pidFile(), setup.logDir())) {
      List<Processes.Proc> started = new ArrayList<>();
      List<String> ids = new ArrayList<>();
      for (int i = 1; i <= workers; i++) {
        String id = String.format("bench-idle-%02d", i);
        ids.add(id);
        started.add(setup.startWorker(procs, "idle-w" + i, id, List.of(), false));
      }
      Setup.awaitRegistered(client.queue(), ids, started, Duration.ofSeconds(180));
      Thread.sleep(settle * 1000L);

      Setup.progress("idle: " + workers + " idle workers, " + window + " s");
      double cpu0 = meter.cpuSeconds();
      CommandStats c0 = meter.commandStats();
      Thread.sleep(window * 1000L);
      CommandStats alone = meter.commandStats().minus(c0);
      double cpu1 = meter.cpuSeconds();

      Processes.Proc dispatcher = setup.startDispatcher(procs, "idle-dispatcher");
      Thread.sleep((settle + 2) * 1000L);
      if (!dispatcher.process().isAlive()) {
        throw new IllegalStateException("the dispatcher exited; last lines of its log:\n"
            + dispatcher.logTail());
      }
      Setup.progress("idle: " + workers + " idle workers and a dispatcher, " + window + " s");
      double cpu2 = meter.cpuSeconds();
      CommandStats c2 = meter.commandStats();
      Thread.sleep(window * 1000L);
      CommandStats with = meter.commandStats().minus(c2);
      double cpu3 = meter.cpuSeconds();
      procs.close();

      double perWorker = (double) workers * window;
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("mode", "idle");
      r.put("label", "idle, " + workers + " workers");
      r.put("workers", workers);
      r.put("window_s", window);
      r.put("cmds_per_s_per_worker", Results.round(alone.calls() / perWorker));
      r.put("script_calls_per_s_per_worker", Results.round(alone.scriptCalls() / perWorker));
      r.put("redis_cpu_ms_per_s", Results.round((cpu1 - cpu0) * 1000 / window));
      r.put("top_cmds_per_s_per_worker", alone.topAsJson(8, perWorker));
      r.put("with_dispatcher_cmds_per_s_per_worker", Results.round(with.calls() / perWorker));
      r.put("dispatcher_cmds_per_s",
          Results.round((with.calls() - alone.calls()) / (double) window));
      r.put("dispatcher_script_calls_per_s",
          Results.round((with.scriptCalls() - alone.scriptCalls()) / (double) window));
      r.put("with_dispatcher_redis_cpu_ms_per_s", Results.round((cpu3 - cpu2) * 1000 / window));
      return r;
    }
  }
}
