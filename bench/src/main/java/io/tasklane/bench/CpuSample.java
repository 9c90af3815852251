package io.tasklane.bench;

import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * CPU seconds used so far by the whole machine, by Redis, by this JVM and by the processes a run
 * started. The difference of two samples says how busy the machine was with work that is not the
 * benchmark's ("foreign" CPU: other programs on a shared machine), which makes a noisy run visible.
 */
record CpuSample(long nanos, double machine, double redis, double self, double procs) {

  static CpuSample take(RedisMeter meter, List<Processes.Proc> procs) {
    double p = 0;
    for (Processes.Proc proc : procs) {
      if (proc.process().isAlive()) p += proc.cpu().toNanos() / 1e9;
    }
    return new CpuSample(System.nanoTime(), Processes.machineBusySeconds(), meter.cpuSeconds(),
        selfSeconds(), p);
  }

  static double selfSeconds() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      return sun.getProcessCpuTime() / 1e9;
    }
    return Double.NaN;
  }

  /** Cores busy, on average, with other programs' work between {@code before} and this sample. */
  double foreignCoresSince(CpuSample before) {
    double wall = (nanos - before.nanos) / 1e9;
    double foreign = (machine - before.machine) - (redis - before.redis) - (self - before.self)
        - (procs - before.procs);
    return wall <= 0 ? Double.NaN : Math.max(0, foreign) / wall;
  }
}
