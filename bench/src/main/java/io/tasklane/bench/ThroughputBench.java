package io.tasklane.bench;

import io.tasklane.client.TasklaneClient;
import io.tasklane.redis.Keys;
import io.tasklane.redis.TaskQueue;
import io.tasklane.redis.WorkerSnapshot;
import io.tasklane.task.NewTask;
import io.tasklane.task.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Throughput: N no-op tasks submitted in bulk, then drained by worker processes.
 *
 * <ol>
 *   <li>The producer JVM warms up on another queue (5,000 tasks, not measured).
 *   <li>The worker processes start and register; with {@code --worker-warmup K} they first
 *       drain K tasks (a long-running worker's JIT-compiled state). Then they are paused with
 *       SIGSTOP, so the enqueue runs alone and the drain has a clean start signal (like a
 *       BullMQ worker with autorun off).
 *   <li>Enqueue: N tasks created, validated and submitted with {@code submitAll} (500 a call).
 *   <li>Drain: SIGCONT; the end is the events message that brings the finished count to N.
 *   <li>Redis CPU and command counts are INFO deltas over the drain; worker CPU is the workers'
 *       user + system time over the drain, also split by thread from /proc; memory is
 *       used_memory after the drain minus before the submit, per task (finished tasks are kept).
 * </ol>
 */
final class ThroughputBench {
  private ThroughputBench() {}

  static Map<String, Object> run(Setup setup, Options o) throws Exception {
    int n = o.integer("n", 100_000);
    int procsCount = o.integer("procs", 1);
    int concurrency = o.integer("concurrency", 50);
    String prefetch = o.string("prefetch", null); // the workers' own default when absent
    int warmup = o.integer("warmup", 5_000);
    int workerWarmup = o.integer("worker-warmup", 0);
    boolean profile = setup.profileDir() != null;
    String label = o.string("tag", "throughput-" + procsCount + "w");

    try (RedisMeter meter = RedisMeter.connect(setup.url());
         TasklaneClient client = setup.client();
         Processes procs = new Processes(setup.pidFile(), setup.logDir())) {
      TaskQueue queue = client.queue();

      if (warmup > 0) {
        try (TasklaneClient warm = TasklaneClient.builder().redis(setup.url())
            .queue(setup.queue() + "-warmup").build()) {
          warm.submitAll(noops(warmup), false, null);
        }
      }

      List<Processes.Proc> workers = new ArrayList<>();
      List<String> ids = new ArrayList<>();
      for (int i = 1; i <= procsCount; i++) {
        String id = "bench-w" + i;
        ids.add(id);
        List<String> args = new ArrayList<>(List.of("--concurrency",
            Integer.toString(concurrency), "--ttl", "60s"));
        if (prefetch != null) args.addAll(List.of("--prefetch", prefetch));
        workers.add(setup.startWorker(procs, label + "-w" + i, id, args, profile));
      }
      Setup.awaitRegistered(queue, ids, workers, Duration.ofSeconds(120));
      if (workerWarmup > 0) {
        Setup.progress(label + ": warming the workers up with " + workerWarmup + " tasks");
        FinishWatch warm = new FinishWatch(workerWarmup);
        queue.onFinished(warm);
        client.submitAll(noops(workerWarmup), false, null);
        warm.await(Duration.ofSeconds(Math.max(120, workerWarmup / 500)).toNanos(),
            () -> Setup.finished(queue));
        Thread.sleep(2000); // compilations the warm-up queued
      }
      Thread.sleep(500); // let the workers settle (first claim, heartbeat)
      for (Processes.Proc w : workers) Processes.signal(w, "STOP");

      FinishWatch watch = new FinishWatch(n);
      queue.onFinished(watch);
      Thread.sleep(200);
      long mem0 = meter.usedMemory();

      Setup.progress(label + ": submitting " + n + " tasks");
      long e0 = System.nanoTime();
      List<NewTask> tasks = noops(n);
      client.submitAll(tasks, false, null);
      long e1 = System.nanoTime();
      double enqueueS = (e1 - e0) / 1e9;
      long memSubmitted = meter.usedMemory();

      if (profile) meter.logEveryCommand((int) Math.min(Integer.MAX_VALUE, 16L * n + 10_000));
      List<Map<String, Long>> threads0 = new ArrayList<>();
      for (Processes.Proc w : workers) threads0.add(Profiles.threadTicks(w.pid()));
      CommandStats cmd0 = meter.commandStats();
      List<Duration> cpuW0 = new ArrayList<>();
      for (Processes.Proc w : workers) cpuW0.add(w.cpu());
      double load = Processes.loadAverage();
      CpuSample sample0 = CpuSample.take(meter, workers);

      Setup.progress(label + ": draining with " + procsCount + " worker process"
          + (procsCount == 1 ? "" : "es") + " of concurrency " + concurrency);
      watch.arm();
      long goEpochMs = System.currentTimeMillis();
      long go = System.nanoTime();
      for (Processes.Proc w : workers) Processes.signal(w, "CONT");
      boolean byEvents = watch.await(Duration.ofSeconds(Math.max(120, n / 500)).toNanos(),
          () -> Setup.finished(queue) - workerWarmup);
      long end = byEvents ? watch.lastNanos() : System.nanoTime();
      List<Duration> cpuW1 = new ArrayList<>();
      for (Processes.Proc w : workers) cpuW1.add(w.cpu());
      List<Map<String, Long>> threads1 = new ArrayList<>();
      for (Processes.Proc w : workers) threads1.add(Profiles.threadTicks(w.pid()));
      CpuSample sample1 = CpuSample.take(meter, workers);
      CommandStats cmds = meter.commandStats().minus(cmd0);
      if (profile) {
        meter.stopLogging();
        Profiles.write(setup.profileDir(), label, meter, cmds, n);
        Profiles.writeThreads(setup.profileDir(), label, threads0, threads1, n);
        meter.resetSlowlog(); // its entries would count as task memory
      }
      Thread.sleep(200);
      long mem1 = meter.usedMemory();

      long succeeded = 0;
      long failed = 0;
      for (WorkerSnapshot w : queue.snapshot(1).workers()) {
        succeeded += Setup.counter(w, "succeeded");
        failed += Setup.counter(w, "failed");
      }
      succeeded -= workerWarmup; // the warm-up's tasks
      long taskBytes = meter.memoryUsage(Keys.of(setup.queue()).task(tasks.get(n / 2).id()));
      queue.stopOnFinished();
      procs.stop(workers, Duration.ofSeconds(30));

      double processS = (end - go) / 1e9;
      double workerCpuS = 0;
      List<Double> perWorker = new ArrayList<>();
      for (int i = 0; i < workers.size(); i++) {
        double s = (cpuW1.get(i).toNanos() - cpuW0.get(i).toNanos()) / 1e9;
        perWorker.add(Results.round(s));
        workerCpuS += s;
      }
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("mode", "throughput");
      r.put("label", "throughput, " + procsCount + (workerWarmup > 0 ? " warm" : "")
          + " worker process" + (procsCount == 1 ? "" : "es"));
      r.put("worker_warmup", workerWarmup);
      r.put("n", n);
      r.put("procs", procsCount);
      r.put("concurrency", concurrency);
      r.put("profiled", profile);
      r.put("enqueue_s", Results.round(enqueueS));
      r.put("enqueue_tasks_per_s", Results.round(n / enqueueS));
      r.put("process_s", Results.round(processS));
      r.put("process_tasks_per_s", Results.round(n / processS));
      long tenth = watch.tenthNanos();
      long ninetieth = watch.ninetiethNanos();
      r.put("process_tasks_per_s_10_90", tenth > 0 && ninetieth > tenth
          ? Results.round((n * 0.8) / ((ninetieth - tenth) / 1e9)) : null);
      r.put("first_finish_ms", Results.round((watch.firstNanos() - go) / 1e6));
      r.put("drain_start_epoch_ms", goEpochMs);
      r.put("drain_end_epoch_ms", goEpochMs + (end - go) / 1_000_000);
      r.put("end_seen_by_events", byEvents);
      r.put("succeeded", succeeded);
      r.put("failed", failed);
      double redisCpuS = sample1.redis() - sample0.redis();
      r.put("redis_cpu_s", Results.round(redisCpuS));
      r.put("redis_cpu_us_per_task", Results.round(redisCpuS * 1e6 / n));
      r.put("worker_cpu_s", perWorker);
      r.put("worker_cpu_us_per_task", Results.round(workerCpuS * 1e6 / n));
      r.put("worker_threads_cpu_us_per_task", threadsPerTask(threads0, threads1, n));
      r.put("redis_cmds_per_task", Results.round((double) cmds.calls() / n));
      r.put("redis_script_calls_per_task", Results.round((double) cmds.scriptCalls() / n));
      r.put("redis_top_cmds", cmds.topAsJson(10, n));
      r.put("redis_bytes_per_task_submitted", Results.round((double) (memSubmitted - mem0) / n));
      r.put("redis_bytes_per_task_kept", Results.round((double) (mem1 - mem0) / n));
      r.put("task_hash_bytes", taskBytes);
      r.put("machine_busy_cores",
          Results.round((sample1.machine() - sample0.machine()) / processS));
      r.put("foreign_cpu_cores", Results.round(sample1.foreignCoresSince(sample0)));
      r.put("loadavg1_before", Results.round(load));
      if (succeeded + failed < n) {
        throw new IllegalStateException("only " + (succeeded + failed) + " of " + n
            + " tasks finished: " + Json.write(r));
      }
      return r;
    }
  }

  /** CPU per task of the workers' threads (summed over workers), busiest first, from /proc. */
  static Map<String, Object> threadsPerTask(List<Map<String, Long>> before,
      List<Map<String, Long>> after, long n) {
    Map<String, Long> sum = new java.util.HashMap<>();
    for (int i = 0; i < after.size(); i++) {
      for (Map.Entry<String, Long> e : after.get(i).entrySet()) {
        long d = e.getValue() - before.get(i).getOrDefault(e.getKey(), 0L);
        if (d > 0) sum.merge(e.getKey(), d, Long::sum);
      }
    }
    List<Map.Entry<String, Long>> rows = new ArrayList<>(sum.entrySet());
    rows.sort(Map.Entry.<String, Long>comparingByValue().reversed());
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, Long> e : rows.subList(0, Math.min(10, rows.size()))) {
      out.put(e.getKey(), Results.round(e.getValue() * 10_000.0 / n)); // ticks are 10 ms
    }
    return out;
  }

  /** {@code count} no-op tasks with a small payload, {@code {"i":k}}. */
  static List<NewTask> noops(int count) {
    List<NewTask> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) out.add(NewTask.of("noop", "{\"i\":" + i + "}"));
    return out;
  }
}
