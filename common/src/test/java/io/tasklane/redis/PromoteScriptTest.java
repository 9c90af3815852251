package io.tasklane.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.tasklane.task.ClaimedTask;
import io.tasklane.task.NewTask;
import io.tasklane.task.Outcome;
import io.tasklane.task.TaskFields;
import io.tasklane.testing.QueueFixture;
import io.tasklane.testing.RedisExtension;
import io.tasklane.testing.TestRedis;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisExtension.class)
class PromoteScriptTest {

  @Test
  void onlyDueRetriesArePromotedAndPlaced(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis)) {
      f.queue.setRetryBackoff(Duration.ofSeconds(10), Duration.ofSeconds(10));
      f.worker("a", 2);
      f.queue.submit(List.of(NewTask.of("echo", "1").withId("x"),
          NewTask.of("echo", "2").withId("y")), false);
      List<ClaimedTask> c = f.queue.claim("a", 2);
      f.queue.complete("a", List.of(Outcome.failure(c.get(0), "e", 1)), 0);
      f.clock.advance(Duration.ofSeconds(4));
      f.queue.complete("a", List.of(Outcome.failure(c.get(1), "e", 1)), 0);
      long dueX = f.queue.task("x").retryAt();
      long dueY = f.queue.task("y").retryAt();
      assertThat(f.probe.zscore(f.keys.delayed(), "y")).isEqualTo((double) dueY);
      f.clock.set(Math.min(dueX, dueY) - 1);
      assertThat(f.queue.promote(10)).isEqualTo(new Promotion(0, Math.min(dueX, dueY)));
      f.clock.set(dueX);
      Promotion p = f.queue.promote(10);
      assertThat(p.promoted()).isEqualTo(dueY <= dueX ? 2 : 1);
      assertThat(f.status("x")).isEqualTo("assigned");
      assertThat(f.workerOf("x")).isEqualTo("a");
      assertThat(f.probe.lrange(f.keys.inbox("a"))).contains("x");
    }
  }

  @Test
  void aPromotedTaskWaitsInTheBacklogWhenEveryWorkerIsFull(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis)) {
      f.queue.setRetryBackoff(Duration.ofMillis(10), Duration.ofMillis(10));
      f.worker("a", 1);
      f.submit("t", 2);
      ClaimedTask c = f.queue.claim("a", 1).get(0);
      // the failure frees a's slot, which takes t-1 from the backlog at once
      f.queue.complete("a", List.of(Outcome.failure(c, "e", 1)), 0);
      f.clock.advance(Duration.ofSeconds(1));
      assertThat(f.queue.promote(10).promoted()).isEqualTo(1);
      assertThat(f.status("t-0")).isEqualTo("queued");
      assertThat(f.probe.lrange(f.keys.backlog())).containsExactly("t-0");
    }
  }
}
