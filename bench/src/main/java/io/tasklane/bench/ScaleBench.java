package io.tasklane.bench;

import io.tasklane.client.TasklaneClient;
import io.tasklane.dispatch.Strategy;
import io.tasklane.redis.TaskQueue;
import io.tasklane.redis.WorkerInfo;
import io.tasklane.task.NewTask;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Placement cost against the number of workers: W workers registered directly (no processes;
 * concurrency 1,000,000 each, so none is ever full, heartbeat TTL 10 minutes), then N tasks
 * submitted in bulk, each placed on a worker by the strategy inside the submit script. Each
 * (strategy, W) pair uses its own logical database, so earlier pairs' data does not weigh on
 * later ones. The producer JVM warms up first on the same workload.
 */
final class ScaleBench {
  private ScaleBench() {}

  static final int FAKE_CONCURRENCY = 1_000_000;
  /** Logical databases 1 to 12 hold the pairs; 13 to 15 the warm-up. */
  static final int MAX_PAIRS = 12;

  static List<Map<String, Object>> run(Setup setup, Options o) throws Exception {
    int n = o.integer("n", 20_000);
    List<Integer> counts = o.integers("workers", "1,10,100,1000,10000");
    List<String> strategies = o.strings("strategies", "least-concurrency,round-robin");
    if (strategies.equals(List.of("all"))) {
      strategies = new ArrayList<>();
      for (Strategy s : Strategy.values()) strategies.add(s.wire());
    }
    List<Strategy> parsed = new ArrayList<>();
    for (String s : strategies) {
      try {
        parsed.add(Strategy.fromWire(s));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("scale: " + e.getMessage());
      }
    }
    if (strategies.size() * counts.size() > MAX_PAIRS) {
      throw new IllegalArgumentException("scale: " + strategies.size() + " strategies x "
          + counts.size() + " pool sizes is more than " + MAX_PAIRS + " pairs, and each needs a"
          + " logical database of its own; give fewer strategies or pool sizes");
    }
    String base = setup.url().replaceFirst("/\\d+$", "");
    List<Map<String, Object>> out = new ArrayList<>();
    try (RedisMeter meter = RedisMeter.connect(setup.url())) {
      for (int i = 0; i < 3; i++) { // warm-up, not reported
        measure(base + "/" + (15 - i), setup.queue(), Strategy.DEFAULT, 10, n, meter);
      }
      int db = 1;
      for (Strategy strategy : parsed) {
        for (int w : counts) {
          Setup.progress("scale: " + strategy.wire() + ", " + w + " workers, " + n + " tasks");
          Map<String, Object> r = measure(base + "/" + db++, setup.queue(), strategy, w, n, meter);
          out.add(r);
        }
      }
    }
    return out;
  }

  private static Map<String, Object> measure(String url, String queueName, Strategy strategy,
      int workers, int n, RedisMeter meter) {
    try (TasklaneClient client = TasklaneClient.builder().redis(url).queue(queueName)
        .commandTimeout(Duration.ofSeconds(60)).build()) {
      TaskQueue queue = client.queue();
      for (int i = 1; i <= workers; i++) {
        queue.register(new WorkerInfo(String.format("fake-%05d", i), "bench", 0,
            FAKE_CONCURRENCY, 1, "bench"), Duration.ofMinutes(10));
      }
      queue.setStrategy(strategy);
      CpuSample sample0 = CpuSample.take(meter, List.of());
      CommandStats cmd0 = meter.commandStats();
      long t0 = System.nanoTime();
      List<NewTask> tasks = ThroughputBench.noops(n);
      client.submitAll(tasks, false, null);
      long t1 = System.nanoTime();
      CpuSample sample1 = CpuSample.take(meter, List.of());
      CommandStats cmds = meter.commandStats().minus(cmd0);
      double s = (t1 - t0) / 1e9;
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("mode", "scale");
      r.put("label", String.format("scale, %s, %5d workers", strategy.wire(), workers));
      r.put("strategy", strategy.wire());
      r.put("workers", workers);
      r.put("n", n);
      r.put("submit_s", Results.round(s));
      r.put("submit_tasks_per_s", Results.round(n / s));
      r.put("redis_cpu_us_per_task", Results.round((sample1.redis() - sample0.redis()) * 1e6 / n));
      r.put("producer_cpu_us_per_task", Results.round((sample1.self() - sample0.self()) * 1e6 / n));
      r.put("redis_cmds_per_task", Results.round((double) cmds.calls() / n));
      r.put("redis_top_cmds", cmds.topAsJson(6, n));
      r.put("foreign_cpu_cores", Results.round(sample1.foreignCoresSince(sample0)));
      return r;
    }
  }
}
