package io.tasklane.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tasklane.task.TaskFields;
import io.tasklane.testing.RedisExtension;
import io.tasklane.testing.TestRedis;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Pub/sub is at most once: a worker must find its tasks when every wake-up is lost. The test
 * keeps cutting the worker's subscription (CLIENT KILL TYPE pubsub every 20 ms) and assigns
 * tasks straight into its inbox (the submit script places them on the only live worker and
 * publishes the wake-up) right after cutting it, and needs five rounds in which nobody was
 * subscribed to the channel before and after the submit, so the wake-up reached no one. The
 * worker is idle between rounds and nothing else assigns or claims for it (no dispatcher, no
 * second worker): were there no path besides pub/sub (the heartbeat reply that reports the
 * inbox length, and the slow inbox poll), a round's tasks would sit in the inbox forever and
 * the test would time out.
 */
@ExtendWith(RedisExtension.class)
class LostWakeUpTest {
  private static final int ROUNDS = 5;
  private static final int PER_ROUND = 12;

  @Test
  void tasksAssignedWhileEveryWakeUpIsLostStillRun(TestRedis redis) throws Exception {
    try (Cluster c = new Cluster(redis); Producer p = Producer.connect(c.url, Duration.ofSeconds(5));
        Resp killer = new Resp(c.url)) {
      JavaProcess w = c.fastWorker("deaf", "--concurrency", "8");
      String channel = c.keys.workerChannel("deaf");
      await().atMost(Duration.ofSeconds(10)).until(() -> subscribers(c, channel) == 1);

      AtomicLong cut = new AtomicLong();
      Thread cutter = Thread.ofPlatform().daemon(true).start(() -> {
        while (!Thread.currentThread().isInterrupted()) {
          try {
            cut.addAndGet(killer.num("CLIENT", "KILL", "TYPE", "pubsub"));
            Thread.sleep(20);
          } catch (InterruptedException e) {
            return;
          } catch (RuntimeException e) {
            // the connection was cut at the wrong moment: try again
          }
        }
      });
      int submitted = 0;
      try {
        int quiet = 0;
        for (int round = 0; quiet < ROUNDS; round++) {
          assertThat(round).as("rounds tried to get " + ROUNDS + " without a listener")
              .isLessThan(ROUNDS * 4);
          // Cut the subscription right before the submit: the client waits at least 100 ms
          // before it reconnects, far longer than the submit takes. Checked before and after;
          // a round where the channel had a listener still has to finish, but does not count.
          cut.addAndGet(c.resp.num("CLIENT", "KILL", "TYPE", "pubsub"));
          long before = subscribers(c, channel);
          List<String> ids = p.submit(Producer.sleeps("deaf-" + round, PER_ROUND, 10));
          submitted += ids.size();
          long after = subscribers(c, channel);
          if (before == 0 && after == 0) quiet++;
          assertThat(c.resp.hget(c.keys.task(ids.get(0)), TaskFields.WORKER)).isEqualTo("deaf");

          p.awaitAllSucceeded(ids, Duration.ofSeconds(10));
          assertThat(c.heldBy("deaf")).containsExactly(0, 0);
        }
      } finally {
        cutter.interrupt();
        cutter.join(5_000);
      }
      assertThat(cut.get()).as("subscriptions cut").isPositive();
      assertThat(w.isAlive()).isTrue();
      assertThat(c.stat("deaf", "succeeded")).isEqualTo(submitted);
    }
  }

  private static long subscribers(Cluster c, String channel) {
    List<String> r = c.resp.list("PUBSUB", "NUMSUB", channel);
    return Long.parseLong(r.get(1));
  }
}
