package io.tasklane.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Tasklane command run as its own JVM with this test run's class path, output captured to
 * files: the real entry points, the real process boundaries, killable with real signals.
 */
final class JavaProcess implements AutoCloseable {
  private static final String JAVA = ProcessHandle.current().info().command().orElse("java");

  private final Process process;
  private final Path out;
  private final Path err;

  private JavaProcess(Process process, Path out, Path err) {
    this.process = process;
    this.out = out;
    this.err = err;
  }

  static JavaProcess start(String mainClass, List<String> args, Path stdin) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(JAVA, "-Xss512k", "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), mainClass));
    cmd.addAll(args);
    Path dir = Files.createTempDirectory("tasklane-e2e-");
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile())
        .redirectError(err.toFile());
    pb.environment().remove("TASKLANE_REDIS_URL");
    if (stdin != null) pb.redirectInput(stdin.toFile());
    return new JavaProcess(pb.start(), out, err);
  }

  /** Runs a command to its end (at most two minutes) and returns what it printed. */
  static Result run(String mainClass, String... args) throws Exception {
    return runWithInput(null, mainClass, args);
  }

  static Result runWithInput(Path stdin, String mainClass, String... args) throws Exception {
    try (JavaProcess p = start(mainClass, List.of(args), stdin)) {
      if (!p.process.waitFor(2, TimeUnit.MINUTES)) {
        throw new AssertionError(mainClass + " did not finish: " + p.stderr());
      }
      return new Result(p.process.exitValue(), p.stdout(), p.stderr());
    }
  }

  long pid() { return process.pid(); }

  boolean isAlive() { return process.isAlive(); }

  String stdout() throws IOException { return Files.readString(out); }

  String stderr() throws IOException { return Files.readString(err); }

  /** SIGTERM, then waits for the process to end; returns its exit code. */
  int terminate(long seconds) throws Exception {
    process.destroy();
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("process did not stop on SIGTERM within " + seconds + " s: "
          + stderr());
    }
    return process.exitValue();
  }

  /** SIGSTOP: the process is frozen (no threads run) until {@link #resume()}. */
  void suspend() throws Exception {
    signal("STOP");
  }

  /** SIGCONT: a process frozen by {@link #suspend()} runs again. */
  void resume() throws Exception {
    signal("CONT");
  }

  private void signal(String name) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
        .redirectErrorStream(true).start();
    if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new AssertionError("kill -" + name + " " + process.pid() + " failed: "
          + new String(kill.getInputStream().readAllBytes()));
    }
  }

  /** How many lines of its stderr so far contain {@code text}. */
  long stderrLinesContaining(String text) throws IOException {
    return stderr().lines().filter(l -> l.contains(text)).count();
  }

  /** SIGKILL: the process gets no chance to clean up. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) kill();
  }

  record Result(int exit, String stdout, String stderr) {
    /** The stderr lines that are not JVM noise. */
    List<String> errorLines() {
      return stderr.lines().filter(l -> !l.isBlank() && !l.startsWith("WARNING:")).toList();
    }
  }
}
