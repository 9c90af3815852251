package io.tasklane.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.tasklane.task.ClaimedTask;
import io.tasklane.task.Outcome;
import io.tasklane.task.RunTimeHistogram;
import io.tasklane.task.TaskFields;
import io.tasklane.task.TaskStatus;
import io.tasklane.testing.QueueFixture;
import io.tasklane.testing.RedisExtension;
import io.tasklane.testing.TestRedis;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisExtension.class)
class ClaimScriptTest {

  @Test
  void claimMovesInboxTasksToActiveAndBumpsTheAttempt(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis)) {
      f.worker("a", 3);
      f.submit("t", 3);
      f.clock.advance(Duration.ofMillis(5));
      List<ClaimedTask> claimed = f.queue.claim("a", 2);
      assertThat(claimed).extracting(ClaimedTask::id).containsExactly("t-0", "t-1");
      assertThat(claimed.get(0).attempt()).isEqualTo(1);
      assertThat(claimed.get(0).payload()).isEqualTo("{\"i\":0}");
      assertThat(f.probe.lrange(f.keys.inbox("a"))).containsExactly("t-2");
      assertThat(f.probe.zrange(f.keys.active("a"))).containsExactlyInAnyOrder("t-0", "t-1");
      // started is kept as milliseconds after submission
      assertThat(f.probe.hgetall(f.keys.task("t-0")))
          .containsEntry(TaskFields.STATUS, TaskStatus.RUNNING.code())
          .containsEntry(TaskFields.ATTEMPT, "1").containsEntry(TaskFields.STARTED, "5");
      assertThat(f.queue.task("t-0").started()).isEqualTo(1_700_000_000_005L);
      assertThat(f.inflight("a")).isEqualTo(3);
    }
  }

  @Test
  void eachTaskStartsAfterItsOwnSubmissionInOneClaim(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis)) {
      f.worker("a", 4);
      f.submit("t", 2);
      f.clock.advance(Duration.ofMillis(7));
      f.submit("u", 1);
      f.clock.advance(Duration.ofMillis(5));
      assertThat(f.queue.claim("a", 3)).hasSize(3);
      assertThat(f.probe.hget(f.keys.task("t-0"), TaskFields.STARTED)).isEqualTo("12");
      assertThat(f.probe.hget(f.keys.task("u-0"), TaskFields.STARTED)).isEqualTo("5");
      assertThat(f.probe.hget(f.keys.task("t-1"), TaskFields.STARTED)).isEqualTo("12");
      assertThat(f.queue.task("u-0").started()).isEqualTo(1_700_000_000_012L);
    }
  }

  @Test
  void claimDropsTasksThatNoLongerBelongToTheWorker(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis)) {
      f.worker("a", 2);
      f.submit("t", 2);
      f.probe.hset(f.keys.task("t-0"), TaskFields.STATUS, TaskStatus.CANCELLED.code());
      assertThat(f.queue.claim("a", 2)).extracting(ClaimedTask::id).containsExactly("t-1");
      assertThat(f.inflight("a")).isEqualTo(1);
    }
  }
}
