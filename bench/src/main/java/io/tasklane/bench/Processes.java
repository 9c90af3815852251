package io.tasklane.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The worker and dispatcher processes a benchmark run starts (through {@code scripts/worker} and
 * {@code scripts/dispatcher}, which exec the JVM, so the process ID is the JVM's). Each one's
 * output goes to its own log file and its ID is appended to the pid file, so that
 * {@code scripts/bench} can stop it even when this JVM is killed. {@link #close()} stops them all
 * with SIGTERM, then SIGKILL after a grace period.
 */
final class Processes implements AutoCloseable {
  /** One started process. */
  record Proc(String label, Process process, Path log) {
    long pid() {
      return process.pid();
    }

    /**
     * CPU time (user + system) the process has used so far: from the JDK, else (it sometimes
     * has none for a stopped process) from /proc/PID/stat in clock ticks of 10 ms.
     */
    Duration cpu() {
      Optional<Duration> cpu = process.toHandle().info().totalCpuDuration();
      if (cpu.isPresent()) return cpu.get();
      try {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid()), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Duration.ofMillis(10 * (Long.parseLong(f[11]) + Long.parseLong(f[12])));
      } catch (IOException | RuntimeException e) {
        throw new IllegalStateException("no CPU time for " + label + " (pid " + pid() + "): "
            + e.getMessage(), e);
      }
    }

    /** The last lines of its log, for error messages. */
    String logTail() {
      try {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
      } catch (IOException e) {
        return "(no log: " + e.getMessage() + ")";
      }
    }
  }

  private final Path pidFile;
  private final Path logDir;
  private final List<Proc> started = new ArrayList<>();

  /** Also stops the processes when this JVM exits (SIGTERM from scripts/bench included). */
  Processes(Path pidFile, Path logDir) {
    this.pidFile = pidFile;
    this.logDir = logDir;
    Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("bench-stop-processes")
        .unstarted(this::close));
  }

  /** Starts {@code command} with {@code env} added to this process's environment. */
  synchronized Proc start(String label, List<String> command, Map<String, String> env) {
    try {
      Files.createDirectories(logDir);
      Path log = logDir.resolve(label + ".log");
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(log.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      pb.environment().putAll(env);
      Process p = pb.start();
      Proc proc = new Proc(label, p, log);
      started.add(proc);
      if (pidFile != null) {
        Files.writeString(pidFile, p.pid() + "\n", StandardCharsets.UTF_8,
            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      }
      return proc;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + label + ": " + e.getMessage(), e);
    }
  }

  /** Sends a signal by name (STOP, CONT, TERM) to the process. */
  static void signal(Proc proc, String name) {
    try {
      Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(proc.pid()))
          .redirectErrorStream(true).start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill -" + name + " " + proc.pid() + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    }
  }

  /** Busy CPU seconds of the whole machine (every core) so far, from /proc/stat. */
  static double machineBusySeconds() {
    try {
      String first = Files.readAllLines(Path.of("/proc/stat")).get(0);
      String[] f = first.trim().split("\\s+");
      // cpu user nice system idle iowait irq softirq steal
      long busy = 0;
      for (int i : new int[] {1, 2, 3, 6, 7, 8}) if (i < f.length) busy += Long.parseLong(f[i]);
      return busy / 100.0; // USER_HZ
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  /** The one-minute load average, or NaN. */
  static double loadAverage() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  /** Stops the given processes: SIGTERM (after SIGCONT, should one be stopped), then SIGKILL. */
  void stop(List<Proc> procs, Duration grace) {
    for (Proc p : procs) {
      if (p.process().isAlive()) {
        p.process().toHandle().destroy();
        try {
          signal(p, "CONT");
        } catch (RuntimeException ignored) {
          // it has exited meanwhile
        }
      }
    }
    long deadline = System.nanoTime() + grace.toNanos();
    for (Proc p : procs) {
      try {
        long left = deadline - System.nanoTime();
        if (left <= 0 || !p.process().waitFor(left, TimeUnit.NANOSECONDS)) {
          p.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        p.process().destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Stops every process this object started. */
  @Override
  public synchronized void close() {
    stop(List.copyOf(started), Duration.ofSeconds(30));
    started.clear();
  }
}
