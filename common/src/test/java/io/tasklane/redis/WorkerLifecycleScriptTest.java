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

/** register, heartbeat, drain and deregister, asserting raw Redis state. */
@ExtendWith(RedisExtension.class)
class WorkerLifecycleScriptTest {

  @Test
  void registerStoresTheWorkerAndTakesBacklogUpToItsSlots(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis)) {
      f.submit("t", 5);
      int held = f.queue.register(new WorkerInfo("w1", "h1", 42, 3, 2, "1.0"), Duration.ofSeconds(7));
      assertThat(held).isZero();
      assertThat(f.probe.hgetall(f.keys.worker("w1"))).containsEntry("host", "h1")
          .containsEntry("pid", "42").containsEntry("concurrency", "3").containsEntry("weight", "2")
          .containsEntry("state", "active").containsEntry("inflight", "3");
      assertThat(f.probe.pttl(f.keys.alive("w1"))).isBetween(1L, 7000L);
      assertThat(f.probe.zrange(f.keys.ring())).containsExactly("w1");
      assertThat(f.probe.zscore(f.keys.workers(), "w1")).isEqualTo(1.0);
      assertThat(f.probe.lrange(f.keys.inbox("w1"))).containsExactly("t-0", "t-1", "t-2");
      assertThat(f.probe.lrange(f.keys.backlog())).containsExactly("t-3", "t-4");
    }
  }

  @Test
  void aLiveWorkerIdCannotBeRegisteredTwice(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis)) {
      f.worker("w1", 1);
      assertThatThrownBy(() -> f.worker("w1", 1)).isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("w1");
    }
  }

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
      assertThat(f.probe.zscore(f.keys.known(), "w1")).isEqualTo(1_700_000_001_000.0);
      assertThat(f.queue.heartbeat("nobody", Duration.ofSeconds(5)).mustRegister()).isTrue();
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

  @Test
  void aDrainingWorkerGetsNothingNew(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis)) {
      f.worker("a", 5);
      f.worker("b", 5);
      assertThat(f.queue.drain("a")).isTrue();
      f.submit("t", 3);
      assertThat(f.probe.llen(f.keys.inbox("a"))).isZero();
      assertThat(f.probe.llen(f.keys.inbox("b"))).isEqualTo(3);
      assertThat(f.queue.heartbeat("a", Duration.ofSeconds(5)).state()).isEqualTo("draining");
    }
  }

  @Test
  void deregisterHandsInboxAndRunningTasksBackInOrder(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis)) {
      f.queue.setStrategy(Strategy.ROUND_ROBIN);
      f.worker("a", 1);
      f.submit("t", 3); // all on a
      List<ClaimedTask> running = f.queue.claim("a", 1);
      assertThat(running).hasSize(1);
      Handback h = f.queue.deregister("a");
      assertThat(h.returnedUnstarted()).isEqualTo(2);
      assertThat(h.returnedRunning()).isEqualTo(1);
      assertThat(h.reassigned()).isZero();
      assertThat(f.probe.lrange(f.keys.backlog())).containsExactly("t-1", "t-2", "t-0");
      assertThat(f.status("t-1")).isEqualTo("queued");
      assertThat(f.probe.hget(f.keys.task("t-0"), "attempt")).isEqualTo("1");
      assertThat(f.probe.exists(f.keys.inbox("a"))).isFalse();
      assertThat(f.probe.exists(f.keys.alive("a"))).isFalse();
      assertThat(f.probe.hget(f.keys.worker("a"), "state")).isEqualTo("gone");
      f.worker("b", 1);
      f.queue.dispatch(100);
      assertThat(f.probe.lrange(f.keys.inbox("b"))).containsExactly("t-1", "t-2", "t-0");
    }
  }
}
