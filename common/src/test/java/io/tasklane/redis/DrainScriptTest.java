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
}
