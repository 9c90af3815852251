package io.tasklane.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.tasklane.task.ClaimedTask;
import io.tasklane.task.NewTask;
import io.tasklane.task.Outcome;
import io.tasklane.task.TaskFields;
import io.tasklane.task.TaskInfo;
import io.tasklane.task.TaskStatus;
import io.tasklane.testing.QueueFixture;
import io.tasklane.testing.RedisExtension;
import io.tasklane.testing.TestRedis;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** retry_dead.lua and purge_dead.lua. */
@ExtendWith(RedisExtension.class)
class DeadLetterScriptsTest {

  private static List<String> deadLetter(QueueFixture f, int n) {
    List<NewTask> tasks = new ArrayList<>();
    for (int i = 0; i < n; i++) tasks.add(NewTask.of("echo", "1").withId("d" + i).withMaxAttempts(1));
    f.queue.submit(tasks, false);
    List<Outcome> fails = new ArrayList<>();
    for (ClaimedTask c : f.queue.claim("a", n)) fails.add(Outcome.failure(c, "bad " + c.id(), 1));
    f.queue.complete("a", fails, 0);
    return tasks.stream().map(NewTask::id).toList();
  }

  @Test
  void retryGivesFreshAttemptsAndSkipsWhatIsNotDead(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis)) {
      f.worker("a", 10);
      deadLetter(f, 3);
      assertThat(f.queue.deadLetters(0, 10)).extracting(TaskInfo::id).containsExactly("d0", "d1", "d2");
      assertThat(f.queue.deadLetters(0, 10).get(1).error()).isEqualTo("bad d1");
      assertThat(f.queue.retryDead(List.of("d1", "nope"))).isEqualTo(1);
      assertThat(f.probe.lrange(f.keys.dead())).containsExactly("d0", "d2");
      assertThat(f.probe.hgetall(f.keys.task("d1")))
          .containsEntry(TaskFields.STATUS, TaskStatus.ASSIGNED.code())
          .containsEntry(TaskFields.ATTEMPT, "0").containsEntry(TaskFields.WORKER, "a");
      assertThat(f.queue.retryAllDead()).isEqualTo(2);
      assertThat(f.queue.deadCount()).isZero();
    }
  }

  @Test
  void purgeDeletesDeadTasksOnly(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis)) {
      f.worker("a", 1200);
      deadLetter(f, 1100);
      f.submit("alive", 1);
      assertThat(f.queue.purgeDead()).isEqualTo(1100);
      assertThat(f.probe.exists(f.keys.task("d7"))).isFalse();
      assertThat(f.probe.exists(f.keys.dead())).isFalse();
      assertThat(f.probe.exists(f.keys.task("alive-0"))).isTrue();
    }
  }
}
