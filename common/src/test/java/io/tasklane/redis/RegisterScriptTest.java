package io.tasklane.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tasklane.dispatch.Strategy;
import io.tasklane.error.InvalidInputException;
import io.tasklane.task.ClaimedTask;
import io.tasklane.task.TaskFields;
import io.tasklane.testing.QueueFixture;
import io.tasklane.testing.RedisExtension;
import io.tasklane.testing.TestRedis;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisExtension.class)
class RegisterScriptTest {

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
  void aRestartedWorkerKeepsItsInboxAndGivesBackWhatItsPredecessorRan(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis)) {
      f.worker("a", 2);
      f.submit("t", 2);
      f.queue.claim("a", 1); // t-0 running when the process died
      f.probe.del(f.keys.alive("a"));
      f.worker("a", 2);
      assertThat(f.probe.zcard(f.keys.active("a"))).isZero();
      assertThat(f.probe.lrange(f.keys.inbox("a"))).containsExactly("t-1", "t-0");
      assertThat(f.probe.hget(f.keys.task("t-0"), TaskFields.ATTEMPT)).isEqualTo("1");
      assertThat(f.inflight("a")).isEqualTo(2);
    }
  }
}
