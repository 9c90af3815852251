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
class DeregisterScriptTest {

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
      assertThat(f.probe.hget(f.keys.task("t-0"), TaskFields.ATTEMPT)).isEqualTo("1");
      assertThat(f.probe.exists(f.keys.inbox("a"))).isFalse();
      assertThat(f.probe.exists(f.keys.alive("a"))).isFalse();
      assertThat(f.probe.hget(f.keys.worker("a"), "state")).isEqualTo("gone");
      f.worker("b", 1);
      f.queue.dispatch(100);
      assertThat(f.probe.lrange(f.keys.inbox("b"))).containsExactly("t-1", "t-2", "t-0");
    }
  }
}
