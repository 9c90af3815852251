package io.tasklane.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.client.TasklaneClient;
import io.tasklane.redis.TaskQueue;
import io.tasklane.task.NewTask;
import io.tasklane.task.TaskInfo;
import io.tasklane.task.TaskStatus;
import io.tasklane.task.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Latency: tasks submitted one at a time to an idle worker process; the next is submitted once
 * the previous one's finish has been seen. Times are epoch microseconds from the same machine's
 * clock: submit is taken just before {@code TasklaneClient.submit}; start is what the {@code
 * stamp} handler returns (its clock when it ran); result is when this process received the
 * task's ID on the queue's events channel (a subscription held for the whole run). The warm-up
 * decides what is measured: after 1,000 tasks a fresh worker's JIT compiler is still at work
 * beside it (the tail shows it), after 10,000 the worker runs as it will for the rest of its life.
 */
final class LatencyBench {
  private LatencyBench() {}

  private record Seen(String id, long epochMicros) {}

  static Map<String, Object> run(Setup setup, Options o) throws Exception {
    int iters = o.integer("iters", 1_000);
    int warmup = o.integer("warmup", 1_000);
    int concurrency = o.integer("concurrency", 1);

    try (RedisMeter meter = RedisMeter.connect(setup.url());
         TasklaneClient client = setup.client();
         Processes procs = new Processes(setup.pidFile(), setup.logDir())) {
      TaskQueue queue = client.queue();
      Processes.Proc worker = setup.startWorker(procs, o.string("tag", "latency") + "-w1",
          "bench-latency",
          List.of("--concurrency", Integer.toString(concurrency)), setup.profileDir() != null);
      Setup.awaitRegistered(queue, List.of("bench-latency"), List.of(worker),
          Duration.ofSeconds(120));

      BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
      queue.onFinished(ids -> {
        long now = StampHandler.epochMicros();
        for (String id : ids) seen.add(new Seen(id, now));
      });
      Thread.sleep(500); // idle: the worker waits for a wake-up

      Setup.progress("latency: " + warmup + " warm-up tasks, then " + iters
          + " measured, one at a time");
      double[] rtt = new double[iters];
      double[] start = new double[iters];
      double[] result = new double[iters];
      long[] submitAt = new long[iters];
      CpuSample sample0 = null;
      for (int i = 0; i < warmup + iters; i++) {
        if (i == warmup) sample0 = CpuSample.take(meter, List.of(worker));
        NewTask task = NewTask.of(StampHandler.TYPE, "null");
        long t0 = StampHandler.epochMicros();
        client.submit(task);
        long t1 = StampHandler.epochMicros();
        Seen s;
        do {
          s = seen.poll(30, TimeUnit.SECONDS);
          if (s == null) {
            throw new IllegalStateException("task " + task.id() + " not seen finishing in 30 s");
          }
        } while (!s.id().equals(task.id()));
        TaskInfo info = client.get(task.id());
        if (info == null || info.status() != TaskStatus.SUCCEEDED) {
          throw new IllegalStateException("task " + task.id() + " did not succeed: "
              + (info == null ? "missing" : info.status() + " " + info.error()));
        }
        JsonNode r = Json.tree(info.result());
        long startUs = r.get("start_us").asLong();
        if (i >= warmup) {
          int k = i - warmup;
          submitAt[k] = t0;
          rtt[k] = (t1 - t0) / 1000.0;
          start[k] = (startUs - t0) / 1000.0;
          result[k] = (s.epochMicros() - t0) / 1000.0;
        }
      }
      CpuSample sample1 = CpuSample.take(meter, List.of(worker));
      queue.stopOnFinished();
      procs.stop(List.of(worker), Duration.ofSeconds(30));

      writeSamples(setup.logDir().resolve(o.string("tag", "latency") + "-samples.csv"),
          submitAt, rtt, start, result);
      Map<String, Object> ms = new LinkedHashMap<>();
      ms.put("submit_rtt", Results.distribution(rtt));
      ms.put("start", Results.distribution(start));
      ms.put("result", Results.distribution(result));
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("mode", "latency");
      out.put("label", String.format(Locale.ROOT, "latency, idle worker, %,d warm-up",
          warmup));
      out.put("iters", iters);
      out.put("warmup", warmup);
      out.put("concurrency", concurrency);
      out.put("ms", ms);
      out.put("measured_s", Results.round((sample1.nanos() - sample0.nanos()) / 1e9));
      out.put("foreign_cpu_cores", Results.round(sample1.foreignCoresSince(sample0)));
      out.put("loadavg1", Results.round(Processes.loadAverage()));
      return out;
    }
  }

  /**
   * Every measured task, one line each (submit time in epoch microseconds, then the submit
   * call, submit→start and submit→result in ms), kept in the log directory so that a tail can
   * be laid beside other records of the same minutes (JIT logs, JFR).
   */
  static void writeSamples(Path file, long[] at, double[] rtt, double[] start,
      double[] result) throws IOException {
    StringBuilder b = new StringBuilder("submit_epoch_us,submit_ms,start_ms,result_ms\n");
    for (int i = 0; i < at.length; i++) {
      b.append(at[i]).append(',').append(rtt[i]).append(',').append(start[i]).append(',')
          .append(result[i]).append('\n');
    }
    Files.createDirectories(file.getParent());
    Files.writeString(file, b);
  }
}
