package io.tasklane.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.tasklane.task.Outcome;
import io.tasklane.task.ClaimedTask;
import io.tasklane.testing.QueueFixture;
import io.tasklane.testing.RedisExtension;
import io.tasklane.testing.TestRedis;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisExtension.class)
class ForgetScriptTest {
  private static final Duration KEEP = Duration.ofDays(7);

  @Test
  void aWorkerThatLeftIsForgottenOnlyAfterTheKeepPeriod(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis)) {
      f.worker("a", 1);
      f.submit("t", 1);
      ClaimedTask t = f.queue.claim("a", 1).get(0);
      f.queue.complete("a", List.of(Outcome.success(t, "1", 5)), 0);
      f.clock.advance(Duration.ofDays(30)); // registered long ago, leaves now
      f.queue.deregister("a");
      assertThat(f.probe.exists(f.keys.stats("a"))).isTrue();

      f.clock.advance(KEEP.minusMinutes(1));
      assertThat(f.queue.forgetDeparted(KEEP, 100)).isZero();
      assertThat(f.probe.zscore(f.keys.known(), "a")).isNotNull();

      f.clock.advance(Duration.ofMinutes(2));
      assertThat(f.queue.forgetDeparted(KEEP, 100)).isEqualTo(1);
      assertThat(f.probe.zscore(f.keys.known(), "a")).isNull();
      assertThat(f.probe.exists(f.keys.worker("a"))).isFalse();
      assertThat(f.probe.exists(f.keys.stats("a"))).isFalse();
      assertThat(f.probe.exists(f.keys.throughput("a"))).isFalse();
      // the task it ran keeps its record
      assertThat(f.status("t-0")).isEqualTo("succeeded");
      assertThat(f.workerOf("t-0")).isEqualTo("a");
    }
  }

  @Test
  void liveAndUnreclaimedWorkersAreKeptHoweverOld(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis)) {
      f.worker("live", 1);
      f.worker("died", 1);
      f.submit("t", 2);
      f.probe.del(f.keys.alive("died")); // its heartbeat lapsed; nobody reclaimed it yet
      f.clock.advance(KEEP.plusDays(1));

      assertThat(f.queue.forgetDeparted(KEEP, 100)).isZero();
      assertThat(f.probe.zscore(f.keys.known(), "live")).isEqualTo((double) f.clock.millis());
      assertThat(f.probe.zscore(f.keys.known(), "died")).isNotNull();
      assertThat(f.probe.exists(f.keys.worker("died"))).isTrue();

      // reclaimed now: it left now, so it stays known for the keep period from here
      assertThat(f.queue.reclaim(100).workers()).isEqualTo(1);
      assertThat(f.queue.forgetDeparted(KEEP, 100)).isZero();
      f.clock.advance(KEEP.plusMinutes(1));
      assertThat(f.queue.forgetDeparted(KEEP, 100)).isEqualTo(1);
      assertThat(f.probe.zrange(f.keys.known())).containsExactly("live");
      assertThat(f.probe.exists(f.keys.worker("live"))).isTrue();
    }
  }
}
