package io.tasklane.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tasklane.task.ClaimedTask;
import io.tasklane.task.NewTask;
import io.tasklane.task.Outcome;
import io.tasklane.testing.QueueFixture;
import io.tasklane.testing.RedisExtension;
import io.tasklane.testing.RedisProbe;
import io.tasklane.testing.TestRedis;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The wake-ups that let an idle dispatcher sleep: tasks entering an empty backlog, and a retry
 * due before every other, are announced once; what follows while nothing changed is not.
 */
@ExtendWith(RedisExtension.class)
class DispatcherWakeUpTest {

  private static long publishes(RedisProbe probe) {
    for (String line : probe.info("commandstats").split("\r?\n")) {
      if (line.startsWith("cmdstat_publish:")) {
        int at = line.indexOf("calls=");
        return Long.parseLong(line.substring(at + 6, line.indexOf(',', at)));
      }
    }
    return 0;
  }

  @Test
  void tasksEnteringAnEmptyBacklogWakeTheDispatchersOnce(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis)) {
      AtomicInteger wakeUps = new AtomicInteger();
      f.queue.onBacklogGrew(wakeUps::incrementAndGet);
      f.submit("a", 2); // no worker: both wait in the backlog
      await().atMost(Duration.ofSeconds(5)).until(() -> wakeUps.get() == 1);
      long before = publishes(f.probe);
      f.submit("b", 2); // the backlog held tasks already: nobody needs waking
      assertThat(publishes(f.probe)).isEqualTo(before);
      assertThat(f.probe.llen(f.keys.backlog())).isEqualTo(4);
    }
  }

  @Test
  void tasksHandedBackThatNoWorkerTakesWakeTheDispatchers(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis)) {
      f.worker("a", 2);
      f.submit("t", 2);
      f.probe.del(f.keys.alive("a"));
      f.clock.advance(QueueFixture.TTL.plusSeconds(1));
      AtomicInteger wakeUps = new AtomicInteger();
      f.queue.onBacklogGrew(wakeUps::incrementAndGet);
      assertThat(f.queue.reclaim(10).requeued()).isEqualTo(2);
      await().atMost(Duration.ofSeconds(5)).until(() -> wakeUps.get() == 1);
    }
  }

  @Test
  void aRetryDueBeforeEveryOtherWakesThePromoters(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis)) {
      f.queue.setRetryBackoff(Duration.ofSeconds(10), Duration.ofSeconds(10));
      f.worker("w", 2);
      f.queue.submit(List.of(NewTask.of("echo", "1").withId("first"),
          NewTask.of("echo", "2").withId("later")), false);
      List<ClaimedTask> c = f.queue.claim("w", 2);
      AtomicInteger wakeUps = new AtomicInteger();
      f.queue.onRetryScheduled(wakeUps::incrementAndGet);
      f.queue.complete("w", List.of(Outcome.failure(c.get(0), "flaky", 5)), 0);
      await().atMost(Duration.ofSeconds(5)).until(() -> wakeUps.get() == 1);
      // 30 s later the second one's retry (due in 5 to 10 s) comes after the first's: no wake-up
      f.clock.advance(Duration.ofSeconds(30));
      f.probe.command("ZADD", f.keys.delayed(), Long.toString(f.clock.millis()), "first");
      long before = publishes(f.probe);
      f.queue.complete("w", List.of(Outcome.failure(c.get(1), "flaky", 5)), 0);
      assertThat(publishes(f.probe)).isEqualTo(before);
      assertThat(f.probe.zcard(f.keys.delayed())).isEqualTo(2);
    }
  }
}
