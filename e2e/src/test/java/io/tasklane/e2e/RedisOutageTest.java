package io.tasklane.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tasklane.testing.RedisServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Redis itself fails under load: killed and restarted, paused, stopped and restarted empty.
 * Each test runs its own redis-server (never the shared test Redis), so it can kill it. The
 * workers and the dispatcher ride out the outage on their own; the test only restarts Redis.
 */
class RedisOutageTest {
  private static final String[] AOF_ALWAYS = {"--appendonly", "yes", "--appendfsync", "always"};

  private RedisServerProcess server;

  @AfterEach
  void stopServer() {
    if (server != null) server.close(); // also deletes its directory
  }

  /**
   * Redis is killed (SIGKILL) mid-run and started again on the same port and directory with
   * its append-only file: every submit that was acknowledged survives, and the workers
   * reconnect and finish every one of them. With appendfsync always a write is on disk before
   * Redis replies, so this holds even when the whole host crashes; a SIGKILL of the process
   * alone (all a test can do) loses nothing acknowledged with everysec either, since Redis hands
   * the write to the operating system before it replies. Without persistence the same test
   * fails: Redis comes back empty.
   */
  @Test
  void redisKilledWithAofAlwaysLosesNoAcknowledgedTask() throws Exception {
    Path dir = Files.createTempDirectory("tasklane-aof-");
    int port = RedisServerProcess.freePort();
    server = RedisServerProcess.start(port, dir, AOF_ALWAYS);
    try (Cluster c = new Cluster(server.url());
        Producer p = Producer.connect(server.url(), Duration.ofSeconds(2))) {
      c.fastDispatcher();
      List<JavaProcess> workers = List.of(c.fastWorker("w1", "--concurrency", "8"),
          c.fastWorker("w2", "--concurrency", "8"));
      List<String> acked;
      try (Producer.Stream s = new Producer.Stream(p, "aof", 10, 10)) {
        await().atMost(Duration.ofSeconds(30)).until(() -> s.acknowledged() >= 300);
        server.kill();
        long failedBefore = s.failedCalls();
        await().atMost(Duration.ofSeconds(10)).until(() -> s.failedCalls() > failedBefore);
        int ackedAtRestart = s.acknowledged();
        server = RedisServerProcess.start(port, dir, AOF_ALWAYS);
        await().atMost(Duration.ofSeconds(30)).until(() -> s.acknowledged() >= ackedAtRestart + 300);
        acked = s.stop();
      }

      p.awaitAllSucceeded(acked, Duration.ofSeconds(90));
      assertThat(p.statusCounts(acked)).isEqualTo(Map.of("succeeded", acked.size()));
      for (JavaProcess w : workers) assertThat(w.isAlive()).as(w.stderr()).isTrue();
      assertThat(c.resp.hget(c.keys.worker("w1"), "state")).isEqualTo("active");
      assertThat(c.resp.hget(c.keys.worker("w2"), "state")).isEqualTo("active");
    }
  }

  /**
   * A two-second CLIENT PAUSE ALL under load, then a restart that empties Redis (SIGTERM, no
   * persistence): tasks acknowledged before and during the pause finish; after the restart the
   * workers register again by themselves and run everything submitted afterwards.
   */
  @Test
  void workersRideOutAPauseAndARestartOfRedis() throws Exception {
    Path dir = Files.createTempDirectory("tasklane-outage-");
    int port = RedisServerProcess.freePort();
    server = RedisServerProcess.start(port, dir);
    try (Cluster c = new Cluster(server.url());
        Producer p = Producer.connect(server.url(), Duration.ofSeconds(10))) {
      c.fastDispatcher();
      List<JavaProcess> workers = List.of(c.fastWorker("w1", "--concurrency", "8"),
          c.fastWorker("w2", "--concurrency", "8"));

      List<String> acked;
      try (Producer.Stream s = new Producer.Stream(p, "pause", 10, 10)) {
        await().atMost(Duration.ofSeconds(30)).until(() -> s.acknowledged() >= 200);
        c.resp.call("CLIENT", "PAUSE", "2000", "ALL");
        int ackedAtPause = s.acknowledged();
        await().atMost(Duration.ofSeconds(30)).until(() -> s.acknowledged() >= ackedAtPause + 300);
        acked = s.stop();
      }
      p.awaitAllSucceeded(acked, Duration.ofSeconds(60));

      server.stop();
      server = RedisServerProcess.start(port, dir);
      assertThat(c.resp.num("EXISTS", c.keys.task(acked.get(0)))).as("restarted empty").isZero();
      for (String w : List.of("w1", "w2")) {
        await().atMost(Duration.ofSeconds(20))
            .until(() -> "active".equals(c.resp.hget(c.keys.worker(w), "state")));
      }
      List<String> after = p.submit(Producer.sleeps("after-restart", 500, 10));
      p.awaitAllSucceeded(after, Duration.ofSeconds(60));
      for (JavaProcess w : workers) assertThat(w.isAlive()).as(w.stderr()).isTrue();
      assertThat(p.tasks(after).stream().map(t -> t.worker()).distinct())
          .containsExactlyInAnyOrder("w1", "w2");
    }
  }
}
