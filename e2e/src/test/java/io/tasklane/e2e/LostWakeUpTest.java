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
 * tasks straight to it (the submit script places them on the only live worker and publishes
 * the wake-up) right after cutting it, and needs five rounds in which nobody was subscribed to
 * the channel before and after the submit, so the wake-up reached no one. The worker is idle
 * between rounds and nothing else assigns or claims for it (no dispatcher, no second worker).
 * Two cases: more tasks than the worker has slots wait in its inbox behind a plain wake-up,
 * which only the heartbeat reply that reports the inbox length (or the slow inbox poll)
 * recovers; fewer are claimed for it and sent with the wake-up, which only the heartbeat's
 * reconcile recovers, handing them back with the attempt counted (fencing never reuses an
 * attempt number). Were there no such path, a round's tasks would sit in Redis forever and the
 * test would time out.
 */
@ExtendWith(RedisExtension.class)
class LostWakeUpTest {
  private static final int ROUNDS = 5;

  @Test
  void tasksLeftInTheInboxWhileEveryWakeUpIsLostStillRun(TestRedis redis) throws Exception {
    try (Cluster c = new Cluster(redis)) {
      // 12 tasks for 8 slots: 8 wait in the inbox, 4 in the backlog; the wake-up names a task
      int submitted = rounds(c, 12, 1);
      assertThat(c.stat("deaf", "succeeded")).isEqualTo(submitted);
    }
  }

  @Test
  void tasksSentWithAWakeUpThatIsLostStillRun(TestRedis redis) throws Exception {
    try (Cluster c = new Cluster(redis)) {
      // 6 tasks for 8 free slots and an empty backlog: claimed for the worker and sent; a lost
      // one is taken back with its attempt counted and runs on the next
      int submitted = rounds(c, 6, 2);
      assertThat(c.stat("deaf", "succeeded")).isEqualTo(submitted);
      assertThat(c.stat("deaf", "dead")).isZero();
    }
  }

  /**
   * Runs rounds of {@code perRound} tasks until {@link #ROUNDS} of them had no listener; checks
   * every task succeeded by attempt {@code lastAttempt}; returns how many were submitted.
   */
  private static int rounds(Cluster c, int perRound, int lastAttempt) throws Exception {
    try (Producer p = Producer.connect(c.url, Duration.ofSeconds(5));
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
          List<String> ids = p.submit(Producer.sleeps("deaf-" + round, perRound, 10));
          submitted += ids.size();
          long after = subscribers(c, channel);
          if (before == 0 && after == 0) quiet++;
          assertThat(c.resp.hget(c.keys.task(ids.get(0)), TaskFields.WORKER)).isEqualTo("deaf");

          p.awaitAllSucceeded(ids, Duration.ofSeconds(10));
          for (String id : ids) {
            assertThat(Integer.parseInt(c.resp.hget(c.keys.task(id), TaskFields.ATTEMPT))).as(id)
                .isBetween(1, lastAttempt);
          }
          assertThat(c.heldBy("deaf")).containsExactly(0, 0);
        }
      } finally {
        cutter.interrupt();
        cutter.join(5_000);
      }
      assertThat(cut.get()).as("subscriptions cut").isPositive();
      assertThat(w.isAlive()).isTrue();
      return submitted;
    }
  }

  private static long subscribers(Cluster c, String channel) {
    List<String> r = c.resp.list("PUBSUB", "NUMSUB", channel);
    return Long.parseLong(r.get(1));
  }
}
