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
class DrainScriptTest {

  @Test
  void aDrainingWorkerGetsNothingNew(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis)) {
      f.worker("a", 5);
      f.worker("b", 5);
      assertThat(f.queue.drain("a").done()).isTrue();
      f.submit("t", 3);
      assertThat(f.probe.llen(f.keys.inbox("a"))).isZero();
      assertThat(f.probe.llen(f.keys.inbox("b"))).isEqualTo(3);
      assertThat(f.queue.heartbeat("a", Duration.ofSeconds(5)).state()).isEqualTo("draining");
    }
  }

  @Test
  void aDrainingWorkerNeitherPullsFromTheBacklogNorSteals(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis)) {
      f.queue.setStrategy(Strategy.LEAST_CONCURRENCY, new PlacementOptions(true, false, null));
      f.worker("a", 1);
      f.worker("b", 1);
      f.submit("t", 2); // one task on each worker
      List<ClaimedTask> mine = f.queue.claim("a", 1);
      f.queue.setStrategy(Strategy.ROUND_ROBIN);
      f.submit("u", 2); // round-robin: one more in each inbox
      f.queue.setStrategy(Strategy.LEAST_CONCURRENCY);
      f.submit("v", 2); // both full: the backlog
      assertThat(f.queue.drain("a").done()).isTrue();
      List<String> own = f.probe.lrange(f.keys.inbox("a"));
      assertThat(own).hasSize(1);
      List<String> backlog = f.probe.lrange(f.keys.backlog());

      // a's own inbox task still comes; b's inbox and the backlog stay where they are
      assertThat(f.queue.claim("a", 5)).extracting(ClaimedTask::id).isEqualTo(own);
      assertThat(f.probe.lrange(f.keys.backlog())).hasSize(2).isEqualTo(backlog);
      assertThat(f.probe.llen(f.keys.inbox("b"))).isEqualTo(2);
      assertThat(mine).hasSize(1);
    }
  }
}
