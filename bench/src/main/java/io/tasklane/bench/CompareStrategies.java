package io.tasklane.bench;

import io.tasklane.client.TasklaneClient;
import io.tasklane.redis.Redis;
import io.tasklane.redis.RedisUrl;
import io.tasklane.redis.TaskQueue;
import io.tasklane.task.NewTask;
import io.tasklane.task.TaskInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs of the strategy comparison against worker processes already running on the queue, in
 * the order given (comma-separated, in one process): {@code warmup} runs {@code --warmup-tasks}
 * 1 ms tasks first; {@code batch} submits every task at once and reports the makespan against
 * the ideal (total work / total capacity); {@code steady} submits tasks one at a time at a
 * Poisson rate that keeps the pool about 80% busy ({@code --load} times {@code --throughput}, a
 * measured batch throughput, when given, else the batch's of the same process) and reports the
 * wait (submit to start). Task durations are log-normal (median {@code --median-ms}, sigma 1),
 * run by the {@code sleep} handler. Prints one JSON line per measured run.
 *
 * <p>Usage: {@code CompareStrategies warmup,batch,steady --redis URL --label S --capacity C
 * [--workers ID,...] [--warmup-tasks N] [--tasks N] [--seconds S] [--throughput T] [--load 0.8]
 * [--median-ms 5] [--seed N] [--key-space K] [--slots 4]} where C is the pool's capacity in
 * fast-slot units (a slot of a 4x slower worker counts 0.25); with {@code --workers} it first
 * waits for those workers to register.
 */
public final class CompareStrategies {
  private CompareStrategies() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> o = new LinkedHashMap<>();
    for (int i = 1; i + 1 < args.length; i += 2) o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    long seed = Long.parseLong(o.getOrDefault("seed", "42"));
    Random random = new Random(seed);
    try (Redis redis = Redis.connect(RedisUrl.parse(o.get("redis")), Duration.ofSeconds(3),
        Duration.ofSeconds(30), "compare");
        TasklaneClient client = TasklaneClient.builder().connection(redis).build()) {
      Double throughput = o.containsKey("throughput") ? Double.parseDouble(o.get("throughput"))
          : null;
      if (o.containsKey("workers")) {
        Setup.awaitRegistered(client.queue(), List.of(o.get("workers").split(",")), List.of(),
            Duration.ofMinutes(1));
      }
      // several modes run in one process, in order: the steady run may use the batch's
      // throughput, and a warm-up also warms this process, whose start would otherwise take
      // CPU from the workers during the batch
      for (String mode : args[0].split(",")) {
        switch (mode) {
          case "warmup" -> warmUp(client,
              Integer.parseInt(o.getOrDefault("warmup-tasks", "80000")), random);
          case "batch" -> {
            double achieved = measure(client, mode, o, null, random);
            if (throughput == null) throughput = achieved;
          }
          case "steady" -> measure(client, mode, o, throughput, random);
          default -> throw new IllegalArgumentException("unknown mode '" + mode + "'");
        }
      }
    }
  }

  /** Short tasks through the same path, so the JIT compilers have settled before measuring. */
  private static void warmUp(TasklaneClient client, int n, Random random) throws Exception {
    List<NewTask> tasks = new ArrayList<>(n);
    for (int i = 0; i < n; i++) tasks.add(task(i, 1, 0, random));
    client.submitAll(tasks, false, null);
    client.awaitAll(tasks.stream().map(NewTask::id).toList(), Duration.ofMinutes(5), null);
  }

  /** One batch or steady run; prints its JSON line and returns its throughput (tasks/s). */
  private static double measure(TasklaneClient client, String mode, Map<String, String> o,
      Double throughput, Random random) throws Exception {
    double capacity = Double.parseDouble(o.getOrDefault("capacity", "13"));
    double median = Double.parseDouble(o.getOrDefault("median-ms", "5"));
    int keySpace = Integer.parseInt(o.getOrDefault("key-space", "0"));
    int slots = Integer.parseInt(o.getOrDefault("slots", "4"));
    TaskQueue queue = client.queue();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("mode", mode);
    out.put("label", o.getOrDefault("label", queue.strategy().wire()));
    out.put("strategy", queue.strategy().wire());
    List<String> ids = new ArrayList<>();
    double workMs = 0;
    long start = System.currentTimeMillis();
    if (mode.equals("batch")) {
      int n = Integer.parseInt(o.getOrDefault("tasks", "4000"));
      List<NewTask> tasks = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        long ms = duration(random, median);
        workMs += ms;
        tasks.add(task(i, ms, keySpace, random));
      }
      start = System.currentTimeMillis();
      client.submitAll(tasks, false, null);
      tasks.forEach(t -> ids.add(t.id()));
    } else {
      double seconds = Double.parseDouble(o.getOrDefault("seconds", "60"));
      double load = Double.parseDouble(o.getOrDefault("load", "0.8"));
      double meanMs = median * Math.exp(0.5); // log-normal mean with sigma 1
      // tasks per second: a measured pool throughput when known, else the nominal one
      double rate = load * (throughput != null ? throughput : capacity / meanMs * 1000);
      out.put("rate_per_s", Results.round(rate));
      long t0 = System.nanoTime();
      double next = 0;
      int i = 0;
      while (next < seconds) {
        long due = t0 + (long) (next * 1e9);
        long wait = due - System.nanoTime();
        if (wait > 0) LockSupport.parkNanos(wait);
        long ms = duration(random, median);
        workMs += ms;
        NewTask t = task(i++, ms, keySpace, random);
        client.submit(t);
        ids.add(t.id());
        next += -Math.log(1 - random.nextDouble()) / rate;
      }
    }
    client.awaitAll(ids, Duration.ofMinutes(10), null);
    List<TaskInfo> done = new ArrayList<>();
    for (int i = 0; i < ids.size(); i += 1000) {
      done.addAll(queue.tasks(ids.subList(i, Math.min(i + 1000, ids.size()))));
    }
    Map<String, Integer> perWorker = new TreeMap<>();
    Map<String, Double> runMs = new TreeMap<>();
    long lastFinish = 0;
    double[] waits = new double[done.size()];
    int k = 0;
    double fastEquivalentUs = 0; // run time as a fast worker would have spent it
    for (TaskInfo t : done) {
      double scale = String.valueOf(t.worker()).endsWith("-slow") ? 4 : 1;
      fastEquivalentUs += t.runMicros() / scale;
      perWorker.merge(String.valueOf(t.worker()), 1, Integer::sum);
      runMs.merge(String.valueOf(t.worker()), t.runMicros() / 1000.0, Double::sum);
      lastFinish = Math.max(lastFinish, t.finished());
      waits[k++] = t.started() - t.submitted();
    }
    out.put("tasks", ids.size());
    out.put("work_ms", Math.round(workMs));
    double achieved = 0;
    if (mode.equals("batch")) {
      // ideal: the measured run times, spread perfectly over every slot's share of speed
      double ideal = fastEquivalentUs / 1000 / capacity;
      long makespan = lastFinish - start;
      achieved = ids.size() * 1000.0 / makespan;
      out.put("throughput_per_s", Results.round(achieved));
      out.put("makespan_ms", makespan);
      out.put("ideal_ms", Math.round(ideal));
      out.put("ratio_to_ideal", Results.round(makespan / ideal));
      // the share of each worker's slot time over the makespan spent running tasks
      Map<String, Double> busy = new TreeMap<>();
      runMs.forEach((w, ms) -> busy.put(w, Results.round(ms / (slots * (double) makespan))));
      out.put("slot_busy", busy);
    }
    out.put("wait_ms", Map.of("p50", Results.percentile(waits, 50),
        "p99", Results.percentile(waits, 99), "max", Results.percentile(waits, 100)));
    out.put("per_worker", perWorker);
    Results.print(out);
    return achieved;
  }

  private static NewTask task(int i, long ms, int keySpace, Random random) {
    NewTask t = NewTask.of("sleep", "{\"ms\":" + ms + "}").withMaxAttempts(1);
    if (keySpace > 0) {
      // a hot key: a fifth of the tasks share key 0, the rest spread over the key space
      int key = random.nextInt(5) == 0 ? 0 : 1 + random.nextInt(keySpace);
      t = t.withKey("k" + key);
    }
    return t;
  }

  /** Log-normal with the given median and sigma 1, in whole milliseconds (at least 1). */
  private static long duration(Random random, double medianMs) {
    return Math.max(1, Math.round(medianMs * Math.exp(random.nextGaussian())));
  }


}
