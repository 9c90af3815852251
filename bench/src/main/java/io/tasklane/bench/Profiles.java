package io.tasklane.bench;

import io.tasklane.redis.Scripts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * With {@code --profile-dir}: where Redis spent its time during a drain, from INFO commandstats
 * and a slow log that recorded every command (threshold 0), each script call named by its SHA.
 * Writes {@code <label>-redis.txt}; the workers' JFR recordings sit next to it.
 */
final class Profiles {
  private Profiles() {}

  static void write(Path dir, String label, RedisMeter meter, CommandStats cmds, long tasks)
      throws IOException {
    Files.createDirectories(dir);
    StringBuilder out = new StringBuilder();
    out.append("# ").append(label).append(": Redis during the drain of ").append(tasks)
        .append(" tasks\n\n## INFO commandstats delta (calls include commands run by scripts)\n\n");
    out.append(String.format(Locale.ROOT, "%-24s %12s %12s %14s %12s%n", "command", "calls",
        "calls/task", "usec", "usec/call"));
    List<Map.Entry<String, CommandStats.Stat>> all = cmds.top(Integer.MAX_VALUE);
    for (Map.Entry<String, CommandStats.Stat> e : all) {
      CommandStats.Stat s = e.getValue();
      out.append(String.format(Locale.ROOT, "%-24s %12d %12.3f %14d %12.2f%n", e.getKey(),
          s.calls(), (double) s.calls() / tasks, s.usec(), s.usecPerCall()));
    }

    Map<String, List<long[]>> byScript = new TreeMap<>();
    List<Object[]> slowest = new ArrayList<>();
    for (Object entry : meter.slowlog(2_000_000)) {
      List<?> e = (List<?>) entry;
      long micros = ((Number) e.get(2)).longValue();
      List<?> args = (List<?>) e.get(3);
      String cmd = String.valueOf(args.get(0)).toLowerCase(Locale.ROOT);
      String what = cmd;
      long batch = -1;
      if (cmd.equals("fcall") && args.size() > 1) {
        String function = String.valueOf(args.get(1));
        String name = Scripts.nameOfFunction(function);
        if (name == null) name = function;
        what = "script " + name;
        batch = batchSize(name, args);
      } else if (CommandStats.isMeasurement(cmd)) {
        continue;
      }
      byScript.computeIfAbsent(what, k -> new ArrayList<>()).add(new long[] {micros, batch});
      slowest.add(new Object[] {micros, what, batch});
    }
    out.append("\n## Slow log with threshold 0: every top-level command, by script\n\n");
    out.append(String.format(Locale.ROOT, "%-26s %9s %10s %10s %9s %9s %9s %9s %11s%n", "what",
        "calls", "calls/task", "us/task", "us mean", "us p50", "us p99", "us max",
        "items/call"));
    for (Map.Entry<String, List<long[]>> e : byScript.entrySet()) {
      List<long[]> v = e.getValue();
      double[] us = new double[v.size()];
      long sum = 0;
      long items = 0;
      int withItems = 0;
      for (int i = 0; i < v.size(); i++) {
        us[i] = v.get(i)[0];
        sum += v.get(i)[0];
        if (v.get(i)[1] >= 0) {
          items += v.get(i)[1];
          withItems++;
        }
      }
      out.append(String.format(Locale.ROOT,
          "%-26s %9d %10.4f %10.3f %9.1f %9.0f %9.0f %9.0f %11s%n",
          e.getKey(), v.size(), (double) v.size() / tasks, (double) sum / tasks,
          (double) sum / v.size(), Results.percentile(us, 50), Results.percentile(us, 99),
          Results.percentile(us, 100),
          withItems == 0 ? "" : String.format(Locale.ROOT, "%.1f", (double) items / withItems)));
    }
    slowest.sort(Comparator.comparingLong((Object[] a) -> (Long) a[0]).reversed());
    out.append("\n## The 20 slowest calls\n\n");
    for (Object[] s : slowest.subList(0, Math.min(20, slowest.size()))) {
      out.append(String.format(Locale.ROOT, "%8d us  %s%s%n", (Long) s[0], s[1],
          (Long) s[2] >= 0 ? " (" + s[2] + " items)" : ""));
    }
    Files.writeString(dir.resolve(label + "-redis.txt"), out, StandardCharsets.UTF_8);
  }

  /**
   * CPU ticks (1/100 s) used so far by each thread of a process, summed by thread name with
   * trailing numbers folded ("ForkJoinPool-1-worker-3" and "-4" count together), from
   * /proc/PID/task/TID/stat; empty where /proc is not readable.
   */
  static Map<String, Long> threadTicks(long pid) {
    Map<String, Long> out = new TreeMap<>();
    Path tasks = Path.of("/proc", Long.toString(pid), "task");
    try (var dirs = Files.list(tasks)) {
      for (Path t : (Iterable<Path>) dirs::iterator) {
        try {
          String name = Files.readString(t.resolve("comm")).trim().replaceAll("[-#]?\\d+$", "-N");
          String stat = Files.readString(t.resolve("stat"));
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
          out.merge(name, ticks, Long::sum);
        } catch (IOException | RuntimeException e) {
          // the thread ended meanwhile
        }
      }
    } catch (IOException e) {
      return out;
    }
    return out;
  }

  /** Writes {@code <label>-threads.txt}: each thread's CPU between two readings. */
  static void writeThreads(Path dir, String label, List<Map<String, Long>> before,
      List<Map<String, Long>> after, long tasks) throws IOException {
    Files.createDirectories(dir);
    StringBuilder out = new StringBuilder("# " + label + ": worker threads' CPU during the drain"
        + " of " + tasks + " tasks (from /proc; names as the kernel keeps them, 15 characters)\n");
    for (int i = 0; i < after.size(); i++) {
      Map<String, Long> delta = new TreeMap<>();
      long total = 0;
      for (Map.Entry<String, Long> e : after.get(i).entrySet()) {
        long d = e.getValue() - before.get(i).getOrDefault(e.getKey(), 0L);
        if (d > 0) {
          delta.put(e.getKey(), d);
          total += d;
        }
      }
      out.append(String.format(Locale.ROOT, "%n## worker %d: %.2f s CPU, %.1f us/task%n%n", i + 1,
          total / 100.0, total * 10_000.0 / tasks));
      out.append(String.format(Locale.ROOT, "%-18s %8s %9s %7s%n", "thread", "cpu s", "us/task",
          "share"));
      List<Map.Entry<String, Long>> rows = new ArrayList<>(delta.entrySet());
      rows.sort(Map.Entry.<String, Long>comparingByValue().reversed());
      for (Map.Entry<String, Long> e : rows) {
        out.append(String.format(Locale.ROOT, "%-18s %8.2f %9.2f %6.1f%%%n", e.getKey(),
            e.getValue() / 100.0, e.getValue() * 10_000.0 / tasks,
            100.0 * e.getValue() / Math.max(1, total)));
      }
    }
    Files.writeString(dir.resolve(label + "-threads.txt"), out, StandardCharsets.UTF_8);
  }

  /**
   * Tasks a script call handled, from its arguments (FCALL function numkeys key ARGV...): submit's
   * and complete's count; claim's max; else -1.
   */
  private static long batchSize(String script, List<?> args) {
    int argv = 4; // index of ARGV[1]
    int index = switch (script) {
      case "submit" -> argv + 2;
      case "complete" -> argv + 3;
      case "claim" -> argv + 1;
      default -> -1;
    };
    if (index < 0 || index >= args.size()) return -1;
    try {
      return Long.parseLong(String.valueOf(args.get(index)));
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
