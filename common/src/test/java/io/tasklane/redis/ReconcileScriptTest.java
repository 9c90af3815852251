package io.tasklane.redis;

import static org.assertj.core.api.Assertions.assertThat;

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
class ReconcileScriptTest {

  @Test
  void claimsTheWorkerDoesNotRunAreTakenBackOnceOldEnough(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis)) {
      f.worker("a", 3);
      f.submit("t", 3);
      List<ClaimedTask> c = f.queue.claim("a", 3); // the worker saw only t-0's claim
      assertThat(c).hasSize(3);
      assertThat(f.queue.reconcile("a", Duration.ofSeconds(5), List.of("t-0"))).isZero();
      f.clock.advance(Duration.ofSeconds(6));
      assertThat(f.queue.reconcile("a", Duration.ofSeconds(5), List.of("t-0"))).isEqualTo(2);
      assertThat(f.probe.zrange(f.keys.active("a"))).containsExactly("t-0");
      // the freed slots take the requeued tasks again, in order
      assertThat(f.probe.lrange(f.keys.inbox("a"))).containsExactly("t-1", "t-2");
      assertThat(f.probe.hget(f.keys.task("t-1"), TaskFields.ATTEMPT)).isEqualTo("1");
      assertThat(f.inflight("a")).isEqualTo(3);
    }
  }
}
