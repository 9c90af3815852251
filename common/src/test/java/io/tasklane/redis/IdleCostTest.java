package io.tasklane.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.tasklane.task.ClaimedTask;
import io.tasklane.task.Outcome;
import io.tasklane.testing.QueueFixture;
import io.tasklane.testing.RedisExtension;
import io.tasklane.testing.RedisProbe;
import io.tasklane.testing.TestRedis;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A guard against idle queues growing expensive: the exact Redis commands (INFO commandstats,
 * which counts the commands a script runs as well as the script call) of each call an idle
 * worker or dispatcher makes again and again. An idle worker beats every 3 s (4 commands) and
 * shares one recovery round per period with its pool; a dispatcher calls reclaim, promote and
 * dispatch. Raise a count only on purpose: it is paid by every idle worker, forever.
 */
@ExtendWith(RedisExtension.class)
class IdleCostTest {

  /** Commands Redis ran, without the INFO and CONFIG calls that measure them. */
  private static long commands(RedisProbe probe) {
    long calls = 0;
    for (String line : probe.info("commandstats").split("\r?\n")) {
      int at = line.indexOf("calls=");
      if (line.startsWith("cmdstat_") && at > 0 && !line.startsWith("cmdstat_info:")
          && !line.startsWith("cmdstat_config")) {
        calls += Long.parseLong(line.substring(at + 6, line.indexOf(',', at)));
      }
    }
    return calls;
  }

  /** The commands one call costs, measured on its second run (the first may load the script). */
  private static <T> long cost(QueueFixture f, Supplier<T> call) {
    call.get();
    long before = commands(f.probe);
    call.get();
    return commands(f.probe) - before;
  }

  @Test
  void anIdleWorkersHeartbeatCostsFourCommands(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis)) {
      f.worker("w", 4);
      f.worker("x", 4);
      Duration ttl = Duration.ofSeconds(10);
      // FCALL, HMGET (state, ejection, in-flight count), SET (TTL), ZADD (expiry)
      assertThat(cost(f, () -> f.queue.heartbeat("w", ttl))).isEqualTo(4);
      // with tasks in flight it also reads the inbox and active set sizes
      f.submit("t", 1);
      assertThat(cost(f, () -> f.queue.heartbeat("w", ttl))).isEqualTo(6);
      // and not once the task finished
      ClaimedTask t = f.queue.claim("w", 1).get(0);
      f.queue.complete("w", List.of(Outcome.success(t, "null", 5)), 0);
      assertThat(cost(f, () -> f.queue.heartbeat("w", ttl))).isEqualTo(4);
    }
  }

  @Test
  void aRecoveryRoundWithNothingToDoCostsSevenCommands(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis)) {
      f.worker("w", 4);
      // SET NX PX, whether it gets the turn or not
      assertThat(cost(f, () -> f.queue.takeRecoveryTurn("w", Duration.ofSeconds(5))))
          .isEqualTo(1);
      // each: FCALL and one read (earliest expiry, earliest retry, backlog length)
      assertThat(cost(f, () -> f.queue.reclaim(100))).isEqualTo(2);
      assertThat(cost(f, () -> f.queue.promote(1000))).isEqualTo(2);
      assertThat(cost(f, () -> f.queue.dispatch(1000))).isEqualTo(2);
    }
  }

  @Test
  void promoteWithARetryNotYetDueCostsTwoCommands(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis)) {
      f.worker("w", 4);
      f.submit("t", 1);
      ClaimedTask t = f.queue.claim("w", 1).get(0);
      f.queue.complete("w", List.of(Outcome.failure(t, "flaky", 5)), 0);
      assertThat(cost(f, () -> f.queue.promote(1000))).isEqualTo(2);
      assertThat(f.queue.promote(1000).nextDueMs()).isGreaterThan(f.clock.millis());
    }
  }

  @Test
  void anIdleClaimPollCostsFourCommands(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis)) {
      f.worker("w", 4);
      // FCALL, HMGET (placement config), LPOP (inbox), LPOP (backlog, under least-concurrency)
      assertThat(cost(f, () -> f.queue.claim("w", 4))).isEqualTo(4);
    }
  }
}
