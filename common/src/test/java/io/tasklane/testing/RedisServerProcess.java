package io.tasklane.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private redis-server on a free loopback port in a temporary directory, for tests: started
 * from PATH, stopped by its own process handle. Extra arguments (such as "--appendonly yes")
 * go on its command line.
 */
public final class RedisServerProcess implements AutoCloseable {
  private final Process process;
  private final Path dir;
  private final int port;

  private RedisServerProcess(Process process, Path dir, int port) {
    this.process = process;
    this.dir = dir;
    this.port = port;
  }

  /** The redis-server binary on PATH, or null. */
  public static Path findBinary() {
    String path = System.getenv("PATH");
    if (path == null) return null;
    for (String d : path.split(java.io.File.pathSeparator)) {
      Path p = Path.of(d, "redis-server");
      if (Files.isExecutable(p)) return p;
    }
    return null;
  }

  public static RedisServerProcess start(String... extraArgs) throws IOException {
    return start(freePort(), Files.createTempDirectory("tasklane-redis-"), extraArgs);
  }

  /** Starts (or restarts, with the same directory and data) on a given port. */
  public static RedisServerProcess start(int port, Path dir, String... extraArgs) throws IOException {
    Path bin = findBinary();
    if (bin == null) {
      throw new IllegalStateException("redis-server is not on PATH: install it "
          + "(Debian/Ubuntu: apt-get install redis-server) or set TASKLANE_TEST_REDIS_URL");
    }
    List<String> cmd = new ArrayList<>(List.of(bin.toString(), "--port", Integer.toString(port),
        "--bind", "127.0.0.1", "--dir", dir.toString(), "--save", "", "--appendonly", "no",
        "--logfile", dir.resolve("redis.log").toString()));
    cmd.addAll(List.of(extraArgs));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(dir.resolve("redis.out").toFile()).start();
    RedisServerProcess server = new RedisServerProcess(p, dir, port);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!server.answers()) {
      if (!p.isAlive() || System.nanoTime() > deadline) {
        p.destroyForcibly();
        throw new IllegalStateException("redis-server did not start on port " + port
            + "; see " + dir.resolve("redis.log"));
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
    }
    return server;
  }

  private boolean answers() {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.getOutputStream().write("PING\r\n".getBytes());
      byte[] b = new byte[7];
      int n = s.getInputStream().read(b);
      return n > 0 && new String(b, 0, n).startsWith("+PONG");
    } catch (IOException e) {
      return false;
    }
  }

  public int port() { return port; }

  public Path dir() { return dir; }

  public long pid() { return process.pid(); }

  public String url() { return "redis://127.0.0.1:" + port; }

  /** Stops the server (SIGTERM, then SIGKILL after 10 s), keeping its directory. */
  public void stop() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Kills the server at once (SIGKILL), keeping its directory. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stop();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException ignored) {
      // a leftover temporary directory is harmless
    }
  }

  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    }
  }
}
