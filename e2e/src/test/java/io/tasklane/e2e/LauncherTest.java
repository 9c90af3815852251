package io.tasklane.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.tasklane.testing.RedisExtension;
import io.tasklane.testing.TestRedis;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launchers in scripts/: JVM options they choose (the serial collector unless told another,
 * the AOT cache scripts/aot-train made for the same JVM, jars and options, the JIT compiler
 * threads kept off the first CPU) and that the processes they start work with them.
 */
@ExtendWith(RedisExtension.class)
class LauncherTest {
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java")
      .toString();

  @BeforeAll
  static void jarsBuilt() {
    assumeThat(ROOT.resolve("worker/target/tasklane-worker.jar")).as("packaged jars (mvn verify)")
        .exists();
    assumeThat(ROOT.resolve("scheduler/target/tasklane-scheduler.jar")).exists();
  }

  @Test
  void theSerialCollectorUnlessTheOptionsNameAnother(TestRedis redis, @TempDir Path dir)
      throws Exception {
    Map<String, String> noAot = Map.of("TASKLANE_AOT", "0");
    assertThat(jvmArguments(dir, noAot, redis)).contains("-XX:+UseSerialGC");
    for (String other : List.of("TASKLANE_JAVA_OPTS", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS")) {
      // two collectors would stop the JVM from starting
      assertThat(jvmArguments(dir, Map.of("TASKLANE_AOT", "0", other, "-XX:+UseParallelGC"), redis))
          .as("with %s naming a collector", other).doesNotContain("-XX:+UseSerialGC");
    }
  }

  @Test
  void aWorkerAndACommandStartFromTheAotCachesTrainingMade(TestRedis redis, @TempDir Path dir)
      throws Exception {
    assumeThat(Runtime.version().feature()).as("AOT caches need Java 25").isGreaterThanOrEqualTo(25);
    Path aot = dir.resolve("aot");
    Map<String, String> env = Map.of("TASKLANE_AOT_DIR", aot.toString());

    Script train = Script.run(dir, env, "aot-train");
    assertThat(train.exit).as("aot-train: %s", train.err).isZero();
    Path workerCache = only(aot, "worker-");
    only(aot, "scheduler-");

    Process worker = Script.start(dir, env, "worker", "--redis", redis.url());
    List<String> args;
    try {
      args = arguments(worker);
      assertThat(args).contains("-XX:+UseSerialGC", "-XX:AOTCache=" + workerCache);
      // JDK 25 takes -XX:+AOTCompileEagerly (experimental): training wrote it beside the cache
      assertThat(Files.readAllLines(Path.of(workerCache + ".opts")))
          .containsExactly("-XX:+UnlockExperimentalVMOptions", "-XX:+AOTCompileEagerly");
      assertThat(args).containsSubsequence("-XX:AOTCache=" + workerCache,
          "-XX:+UnlockExperimentalVMOptions", "-XX:+AOTCompileEagerly");
      Script submit = Script.run(dir, env, "submit-task", "--redis", redis.url(), "--any-type",
          "--wait", "--wait-timeout", "60s", "--payload", "{\"a\":1}", "echo");
      assertThat(submit.exit).as("submit-task: %s", submit.err).isZero();
      assertThat(submit.out.trim()).isEqualTo("{\"a\":1}");
    } finally {
      worker.destroy();
      assertThat(worker.waitFor(30, TimeUnit.SECONDS)).as("worker stops on SIGTERM").isTrue();
    }
    assertThat(worker.exitValue()).isZero();
    // The JVM accepts the cache: with AOTMode=on it would refuse to start otherwise.
    List<String> check = new ArrayList<>(List.of(JAVA, "-XX:AOTMode=on"));
    check.addAll(args.subList(0, args.indexOf("-cp") + 2));
    check.add("-version");
    Process p = new ProcessBuilder(check).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as("%s: %s", check, out).isZero();

    // Other JVM options: no cache (none was made for them).
    Map<String, String> g1 = Map.of("TASKLANE_AOT_DIR", aot.toString(),
        "TASKLANE_JAVA_OPTS", "-XX:+UseG1GC");
    assertThat(jvmArguments(dir, g1, redis)).contains("-XX:+UseG1GC")
        .noneMatch(a -> a.startsWith("-XX:AOTCache="));
  }

  @Test
  void aWorkersJitCompilersStayOffTheFirstCpu(TestRedis redis, @TempDir Path dir)
      throws Exception {
    List<Integer> cpus = cpuList(procStatus(Path.of("/proc/self/status")));
    assumeThat(cpus).as("CPUs this JVM may use (Linux)").hasSizeGreaterThanOrEqualTo(2);
    assumeThat(Path.of("/usr/bin/taskset")).as("taskset (util-linux)").exists();
    Map<String, String> noAot = Map.of("TASKLANE_AOT", "0");

    Process worker = Script.start(dir, noAot, "worker", "--redis", redis.url());
    try {
      assertThat(arguments(worker)).contains("-XX:-UseDynamicNumberOfCompilerThreads");
      Path tasks = Path.of("/proc", Long.toString(worker.pid()), "task");
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
        List<Path> compilers = threads(tasks, true);
        assertThat(compilers).as("compiler threads").isNotEmpty();
        for (Path t : compilers) {
          assertThat(cpuList(procStatus(t.resolve("status")))).as("CPUs of %s", t)
              .isEqualTo(cpus.subList(1, cpus.size()));
        }
      });
      // every other thread, those that run tasks among them, keeps every CPU
      List<Path> others = threads(tasks, false);
      assertThat(others).hasSizeGreaterThan(5);
      for (Path t : others) {
        String list;
        try {
          list = procStatus(t.resolve("status"));
        } catch (IOException gone) {
          continue; // a thread that ended meanwhile
        }
        assertThat(cpuList(list)).as("CPUs of %s", t).isEqualTo(cpus);
      }
    } finally {
      worker.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    assertThat(jvmArguments(dir, Map.of("TASKLANE_AOT", "0", "TASKLANE_JIT_CPUS", "off"), redis))
        .doesNotContain("-XX:-UseDynamicNumberOfCompilerThreads");
    Script bad = Script.run(dir, Map.of("TASKLANE_AOT", "0", "TASKLANE_JIT_CPUS", "first"),
        "worker", "--redis", redis.url());
    assertThat(bad.exit).isNotZero();
    assertThat(bad.err.strip()).isEqualTo("tasklane: TASKLANE_JIT_CPUS=first is not a CPU list: "
        + "give auto, off, or CPUs like 1 or 2-3,6");
  }

  /** The Cpus_allowed_list line of a /proc status file, without its name. */
  private static String procStatus(Path status) throws IOException {
    return Files.readAllLines(status).stream().filter(l -> l.startsWith("Cpus_allowed_list:"))
        .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse("");
  }

  /** The CPUs of a list like 0-2,5, in order. */
  private static List<Integer> cpuList(String list) {
    List<Integer> cpus = new ArrayList<>();
    for (String part : list.split(",")) {
      if (part.isBlank()) continue;
      String[] ends = part.split("-");
      int from = Integer.parseInt(ends[0].strip());
      int to = Integer.parseInt(ends[ends.length - 1].strip());
      for (int c = from; c <= to; c++) cpus.add(c);
    }
    return cpus;
  }

  /** The JIT compiler threads of a JVM (by their names), or all its other threads. */
  private static List<Path> threads(Path tasks, boolean compilers) throws Exception {
    List<String> prefixes = List.of("C1 CompilerThre", "C2 CompilerThre", "JVMCI CompilerT");
    List<Path> found = new ArrayList<>();
    try (Stream<Path> all = Files.list(tasks)) {
      for (Path t : all.toList()) {
        String name;
        try {
          name = Files.readString(t.resolve("comm")).strip();
        } catch (IOException gone) {
          continue;
        }
        if (prefixes.stream().anyMatch(name::startsWith) == compilers) found.add(t);
      }
    }
    return found;
  }

  /** The JVM arguments scripts/worker starts a worker with, in this environment. */
  private static List<String> jvmArguments(Path dir, Map<String, String> env, TestRedis redis)
      throws Exception {
    Process p = Script.start(dir, env, "worker", "--redis", redis.url());
    try {
      return arguments(p);
    } finally {
      p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  private static Path only(Path dir, String prefix) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> found = files.filter(p -> p.getFileName().toString().startsWith(prefix)
          && p.getFileName().toString().endsWith(".aot")).toList();
      assertThat(found).as("%s*.aot in %s", prefix, dir).hasSize(1);
      assertThat(Files.size(found.get(0))).isPositive();
      return found.get(0);
    }
  }

  /** The JVM arguments of a launched process (the launcher execs the JVM: same PID). */
  private static List<String> arguments(Process p) {
    String[][] args = new String[1][];
    await().atMost(Duration.ofSeconds(30)).until(() -> {
      if (!p.isAlive()) throw new AssertionError("exited with " + p.exitValue());
      String[] a = p.info().arguments().orElse(null);
      if (a == null || !List.of(a).contains("-cp")) return false;
      args[0] = a;
      return true;
    });
    return List.of(args[0]);
  }

  /** One of scripts/, run with the jars this build made (so it never rebuilds them). */
  private record Script(int exit, String out, String err) {
    static Process start(Path dir, Map<String, String> env, String name, String... args)
        throws Exception {
      List<String> cmd = Stream.concat(Stream.of(ROOT.resolve("scripts").resolve(name).toString()),
          Stream.of(args)).toList();
      Path log = Files.createTempFile(dir, name, ".log");
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
          .redirectOutput(log.toFile());
      environment(pb, env);
      return pb.start();
    }

    static Script run(Path dir, Map<String, String> env, String name, String... args)
        throws Exception {
      List<String> cmd = Stream.concat(Stream.of(ROOT.resolve("scripts").resolve(name).toString()),
          Stream.of(args)).toList();
      Path out = Files.createTempFile(dir, name, ".out");
      Path err = Files.createTempFile(dir, name, ".err");
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile())
          .redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(
              Path.of("/dev/null").toFile()));
      environment(pb, env);
      Process p = pb.start();
      if (!p.waitFor(3, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new AssertionError(name + " did not finish: " + Files.readString(err));
      }
      return new Script(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static void environment(ProcessBuilder pb, Map<String, String> env) {
      Map<String, String> e = pb.environment();
      e.remove("TASKLANE_REDIS_URL");
      e.remove("TASKLANE_JAVA_OPTS");
      e.remove("JAVA_TOOL_OPTIONS");
      e.remove("JDK_JAVA_OPTIONS");
      e.remove("TASKLANE_JIT_CPUS");
      e.put("JAVA_HOME", System.getProperty("java.home"));
      e.put("TASKLANE_WORKER_JAR", ROOT.resolve("worker/target/tasklane-worker.jar").toString());
      e.put("TASKLANE_SCHEDULER_JAR",
          ROOT.resolve("scheduler/target/tasklane-scheduler.jar").toString());
      e.put("TASKLANE_NO_INSTALL", "1");
      e.putAll(env);
    }
  }
}
