package io.tasklane.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tasklane.testing.QueueFixture;
import io.tasklane.testing.RedisExtension;
import io.tasklane.testing.RedisProbe;
import io.tasklane.testing.TestRedis;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The assigner looks at an empty backlog rarely, and at once when tasks enter it. */
@ExtendWith(RedisExtension.class)
class BacklogAssignerTest {
  private static final Duration INTERVAL = Duration.ofMillis(10);
  private static final Duration IDLE = Duration.ofMinutes(10);

  static long subscribers(RedisProbe p, String channel) {
    List<?> r = (List<?>) p.command("PUBSUB", "NUMSUB", channel);
    return ((Number) r.get(1)).longValue();
  }

  static long calls(RedisProbe p, String command) {
    for (String line : p.info("commandstats").split("\r?\n")) {
      if (line.startsWith("cmdstat_" + command + ":")) {
        int at = line.indexOf("calls=");
        return Long.parseLong(line.substring(at + 6, line.indexOf(',', at)));
      }
    }
    return 0;
  }

  @Test
  void sleepsWhileTheBacklogIsEmptyAndWakesWhenTasksEnterIt(TestRedis redis) throws Exception {
    try (QueueFixture f = new QueueFixture(redis)) {
      f.worker("w", 2);
      f.submit("t", 2); // w is full
      long before = calls(f.probe, "llen");
      try (BacklogAssigner a = new BacklogAssigner(f.queue, INTERVAL, IDLE, f.clock)) {
        a.start();
        // it subscribes, then looks once (one LLEN) and finds the backlog empty
        await().atMost(Duration.ofSeconds(10)).until(() -> calls(f.probe, "llen") > before);
        assertThat(subscribers(f.probe, f.keys.backlogChannel())).isEqualTo(1);
        long looks = calls(f.probe, "llen");
        Thread.sleep(300);
        assertThat(calls(f.probe, "llen")).as("looks at an empty backlog").isEqualTo(looks);

        f.submit("more", 3); // into the backlog: w is full; the submit wakes the assigner
        // w gains room without any script placing tasks: only the awake assigner sees it
        f.probe.hset(f.keys.worker("w"), "concurrency", "10");
        f.probe.command("ZADD", f.keys.workers(), "0.2", "w");
        await().atMost(Duration.ofSeconds(10)).until(() -> f.probe.llen(f.keys.inbox("w")) == 5);
      }
      assertThat(f.probe.llen(f.keys.backlog())).isZero();
    }
  }
}
