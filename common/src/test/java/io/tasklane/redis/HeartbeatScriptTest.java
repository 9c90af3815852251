package io.tasklane.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tasklane.dispatch.Strategy;
import io.tasklane.error.InvalidInputException;
import io.tasklane.task.ClaimedTask;
import io.tasklane.testing.QueueFixture;
import io.tasklane.testing.RedisExtension;
import io.tasklane.testing.TestRedis;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisExtension.class)
class HeartbeatScriptTest {

  @Test
  void heartbeatRenewsTheKeyAndReportsTheInbox(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis)) {
      f.worker("w1", 2);
      f.submit("t", 1);
      f.clock.advance(Duration.ofSeconds(1));
      Heartbeat hb = f.queue.heartbeat("w1", Duration.ofSeconds(20));
      assertThat(hb.state()).isEqualTo("active");
      assertThat(hb.inboxLength()).isEqualTo(1);
      assertThat(f.probe.pttl(f.keys.alive("w1"))).isGreaterThan(10_000L);
      // the key holds the beat's time; the expiry is recorded; known keeps the registration
      assertThat(f.probe.command("GET", f.keys.alive("w1"))).isEqualTo(List.of("1700000001000"));
      assertThat(f.probe.zscore(f.keys.expiry(), "w1")).isEqualTo(1_700_000_021_000.0);
      assertThat(f.probe.zscore(f.keys.known(), "w1")).isEqualTo(1_700_000_000_000.0);
      assertThat(f.queue.heartbeat("nobody", Duration.ofSeconds(5)).mustRegister()).isTrue();
    }
  }

  @Test
  void theSnapshotShowsTheLastBeatAsSeenWhileTheWorkerLivesAndAfterItsKeyLapsed(
      TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis)) {
      f.worker("w1", 2); // at 1_700_000_000_000, TTL 30 s
      f.clock.advance(Duration.ofSeconds(3));
      f.queue.heartbeat("w1", QueueFixture.TTL);
      assertThat(f.probe.hget(f.keys.worker("w1"), "seen")).isEqualTo("1700000000000");
      assertThat(f.queue.snapshot(60).workers().get(0).info())
          .containsEntry("seen", "1700000003000");
      f.probe.del(f.keys.alive("w1")); // lapsed, not reclaimed yet
      WorkerSnapshot w = f.queue.snapshot(60).workers().get(0);
      assertThat(w.alive()).isFalse();
      assertThat(w.info()).containsEntry("seen", "1700000003000");
    }
  }

  @Test
  void anIdleWorkersBeatReportsEmptyCountsAndABusyOnesTheRealOnes(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis)) {
      f.worker("w1", 4);
      assertThat(f.queue.heartbeat("w1", Duration.ofSeconds(5)))
          .isEqualTo(new Heartbeat("active", 0, 0));
      f.submit("t", 3);
      f.queue.claim("w1", 1);
      assertThat(f.queue.heartbeat("w1", Duration.ofSeconds(5)))
          .isEqualTo(new Heartbeat("active", 2, 1));
    }
  }

  @Test
  void aDeadWorkerIsSkippedAndRejoinsWithItsNextHeartbeat(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis)) {
      f.queue.setStrategy(Strategy.ROUND_ROBIN);
      f.worker("a", 1);
      f.worker("b", 1);
      f.probe.del(f.keys.alive("a")); // its heartbeat lapsed
      f.submit("t", 2);
      assertThat(f.workerOf("t-0")).isEqualTo("b");
      assertThat(f.workerOf("t-1")).isEqualTo("b");
      assertThat(f.probe.hget(f.keys.worker("a"), "state")).isEqualTo("dead");
      assertThat(f.probe.zrange(f.keys.ring())).containsExactly("b");
      f.queue.heartbeat("a", Duration.ofSeconds(5));
      assertThat(f.probe.zrange(f.keys.ring())).containsExactly("a", "b");
      assertThat(f.probe.hget(f.keys.worker("a"), "state")).isEqualTo("active");
    }
  }
}
