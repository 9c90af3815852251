package io.tasklane.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.tasklane.task.ClaimedTask;
import io.tasklane.task.NewTask;
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
class CompleteScriptTest {

  @Test
  void completeRecordsOutcomesCountersAndClaimsTheNextTasks(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis)) {
      f.worker("a", 2);
      f.submit("t", 4); // two in the inbox, two in the backlog
      List<ClaimedTask> c = f.queue.claim("a", 2);
      f.clock.advance(Duration.ofMillis(10));
      Completion done = f.queue.complete("a", List.of(
          Outcome.success(c.get(0), "{\"r\":1}", 1500),
          Outcome.failure(c.get(1), "boom", 300)), 2);
      assertThat(done.accepted()).isEqualTo(2);
      assertThat(done.stale()).isZero();
      assertThat(done.claimed()).extracting(ClaimedTask::id).containsExactly("t-2", "t-3");
      assertThat(f.probe.hgetall(f.keys.task("t-0")))
          .containsEntry(TaskFields.STATUS, TaskStatus.SUCCEEDED.code())
          .containsEntry(TaskFields.RESULT, "{\"r\":1}").containsEntry(TaskFields.RUN_US, "1500")
          .containsEntry(TaskFields.FINISHED, "10"); // milliseconds after submission
      assertThat(f.queue.task("t-0").finished()).isEqualTo(1_700_000_000_010L);
      assertThat(f.probe.hgetall(f.keys.task("t-1")))
          .containsEntry(TaskFields.STATUS, TaskStatus.RETRYING.code())
          .containsEntry(TaskFields.ERROR, "boom").containsEntry(TaskFields.WORKER, "");
      Map<String, String> st = f.probe.hgetall(f.keys.stats("a"));
      assertThat(st).containsEntry("succeeded", "1").containsEntry("failed", "1")
          .containsEntry("run_us_sum", "1800")
          .containsEntry("h" + RunTimeHistogram.bucketOf(1500), "1")
          .containsEntry("h" + RunTimeHistogram.bucketOf(300), "1");
      long sec = 1_700_000_000_010L / 1000;
      long slot = sec % Keys.THROUGHPUT_SLOTS;
      assertThat(f.probe.hgetall(f.keys.throughput("a")))
          .containsEntry("s" + slot, Long.toString(sec)).containsEntry("c" + slot, "2");
      assertThat(f.probe.llen(f.keys.backlog())).isZero();
      assertThat(f.probe.zrange(f.keys.delayed())).containsExactly("t-1");
      assertThat(f.probe.zrange(f.keys.active("a"))).containsExactlyInAnyOrder("t-2", "t-3");
      assertThat(f.inflight("a")).isEqualTo(2);
    }
  }

  @Test
  void aReleasedTaskReturnsToTheBacklogHeadWithItsAttemptUnused(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis)) {
      f.worker("a", 1);
      f.submit("t", 3); // one in the inbox, two in the backlog
      List<ClaimedTask> c = f.queue.claim("a", 2); // t-0 from the inbox, t-1 pulled ahead
      assertThat(c).extracting(ClaimedTask::id, ClaimedTask::attempt)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("t-0", 1),
              org.assertj.core.groups.Tuple.tuple("t-1", 1));
      assertThat(f.inflight("a")).isEqualTo(2);

      Completion done = f.queue.complete("a", List.of(Outcome.released(c.get(1))), 0);

      assertThat(done.accepted()).isZero();
      assertThat(done.stale()).isZero();
      assertThat(f.status("t-1")).isEqualTo("queued");
      assertThat(f.probe.hget(f.keys.task("t-1"), TaskFields.ATTEMPT)).isNull(); // as if new
      assertThat(f.probe.hget(f.keys.task("t-1"), TaskFields.WORKER)).isEmpty();
      assertThat(f.probe.lrange(f.keys.backlog())).containsExactly("t-1", "t-2");
      assertThat(f.probe.zrange(f.keys.active("a"))).containsExactly("t-0");
      assertThat(f.inflight("a")).isEqualTo(1);
      assertThat(f.probe.hgetall(f.keys.stats("a"))).doesNotContainKey("succeeded");
    }
  }

  @Test
  void theTimeATaskWaitedOnItsWorkerMovesItsStart(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis)) {
      f.worker("a", 1);
      f.submit("t", 1);
      ClaimedTask t = f.queue.claim("a", 1).get(0);
      String started = f.probe.hget(f.keys.task("t-0"), TaskFields.STARTED);
      f.clock.advance(Duration.ofMillis(30));

      f.queue.complete("a", List.of(Outcome.success(t, "1", 5000).heldFor(25)), 0);

      assertThat(f.probe.hget(f.keys.task("t-0"), TaskFields.STARTED))
          .isEqualTo(Long.toString(Long.parseLong(started) + 25));
      assertThat(f.probe.hget(f.keys.task("t-0"), TaskFields.RUN_US)).isEqualTo("5000");
      assertThat(f.status("t-0")).isEqualTo("succeeded");
    }
  }

  @Test
  void aCompletionWithAStaleAttemptIsRejectedAndCounted(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis)) {
      f.worker("a", 1);
      f.submit("t", 1);
      ClaimedTask first = f.queue.claim("a", 1).get(0);
      // the task was handed out again: attempt 2 now owns it
      f.probe.hset(f.keys.task("t-0"), TaskFields.ATTEMPT, "2");
      Completion done = f.queue.complete("a", List.of(Outcome.success(first, "1", 10)), 0);
      assertThat(done.accepted()).isZero();
      assertThat(done.stale()).isEqualTo(1);
      assertThat(f.status("t-0")).isEqualTo("running");
      assertThat(f.probe.hget(f.keys.task("t-0"), TaskFields.RESULT)).isNull();
      assertThat(f.probe.hget(f.keys.stats("a"), "stale")).isEqualTo("1");
    }
  }

  @Test
  void aCompletionFromAnotherWorkerIsRejected(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis)) {
      f.worker("a", 1);
      f.submit("t", 1);
      ClaimedTask c = f.queue.claim("a", 1).get(0);
      Completion done = f.queue.complete("b", List.of(Outcome.success(c, "1", 10)), 0);
      assertThat(done.stale()).isEqualTo(1);
      assertThat(f.status("t-0")).isEqualTo("running");
    }
  }

  @Test
  void completionPublishesTheFinishedIds(TestRedis redis) throws Exception {
    try (QueueFixture f = new QueueFixture(redis)) {
      java.util.concurrent.LinkedBlockingQueue<List<String>> seen =
          new java.util.concurrent.LinkedBlockingQueue<>();
      f.queue.onFinished(seen::add);
      f.worker("a", 2);
      f.submit("t", 2);
      List<ClaimedTask> c = f.queue.claim("a", 2);
      f.queue.complete("a", List.of(Outcome.success(c.get(0), "1", 1),
          Outcome.success(c.get(1), "2", 1)), 0);
      assertThat(seen.poll(5, java.util.concurrent.TimeUnit.SECONDS))
          .containsExactly("t-0", "t-1");
    }
  }

  @Test
  void aFailureBacksOffExponentiallyWithJitterWithinTheCap(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis)) {
      f.queue.setRetryBackoff(Duration.ofMillis(100), Duration.ofMillis(250));
      f.worker("a", 1);
      f.queue.submit(List.of(NewTask.of("echo", "1").withId("r").withMaxAttempts(5)), false);
      long[] expectedMax = {100, 200, 250, 250};
      for (int attempt = 1; attempt <= 4; attempt++) {
        ClaimedTask c = f.queue.claim("a", 1).get(0);
        assertThat(c.attempt()).isEqualTo(attempt);
        f.queue.complete("a", List.of(Outcome.failure(c, "no", 1)), 0);
        long due = 1_700_000_000_000L // submitted, and the retry time after it
            + Long.parseLong(f.probe.hget(f.keys.task("r"), TaskFields.RETRY_AT));
        assertThat(f.queue.task("r").retryAt()).isEqualTo(due);
        long delay = due - f.clock.millis();
        assertThat(delay).as("attempt " + attempt).isBetween(expectedMax[attempt - 1] / 2,
            expectedMax[attempt - 1]);
        assertThat(f.probe.zscore(f.keys.delayed(), "r")).isEqualTo((double) due);
        f.clock.set(due);
        assertThat(f.queue.promote(10).promoted()).isEqualTo(1);
      }
    }
  }

  @Test
  void theLastFailedAttemptDeadLettersTheTaskAndAnnouncesIt(TestRedis redis) throws Exception {
    try (QueueFixture f = new QueueFixture(redis)) {
      java.util.concurrent.LinkedBlockingQueue<List<String>> seen =
          new java.util.concurrent.LinkedBlockingQueue<>();
      f.queue.onFinished(seen::add);
      f.worker("a", 1);
      f.queue.submit(List.of(NewTask.of("echo", "1").withId("d").withMaxAttempts(1)), false);
      ClaimedTask c = f.queue.claim("a", 1).get(0);
      f.queue.complete("a", List.of(Outcome.failure(c, "broken", 5)), 0);
      assertThat(f.probe.hgetall(f.keys.task("d")))
          .containsEntry(TaskFields.STATUS, TaskStatus.DEAD.code())
          .containsEntry(TaskFields.ERROR, "broken").containsEntry(TaskFields.ATTEMPT, "1");
      assertThat(f.probe.lrange(f.keys.dead())).containsExactly("d");
      assertThat(f.probe.zcard(f.keys.delayed())).isZero();
      assertThat(f.probe.hget(f.keys.stats("a"), "dead")).isEqualTo("1");
      assertThat(f.probe.hget(f.keys.stats("a"), "failed")).isEqualTo("1");
      assertThat(seen.poll(5, java.util.concurrent.TimeUnit.SECONDS)).containsExactly("d");
    }
  }

  @Test
  void aFatalOutcomeDeadLettersAtOnceWhateverTheAttemptsLeft(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis)) {
      f.worker("a", 1);
      f.submit("t", 1);
      ClaimedTask c = f.queue.claim("a", 1).get(0);
      f.queue.complete("a", List.of(Outcome.fatal(c, "no handler for task type 'echo'", 0)), 0);
      assertThat(f.status("t-0")).isEqualTo("dead");
      assertThat(f.probe.hget(f.keys.task("t-0"), TaskFields.ERROR)).contains("no handler");
      assertThat(f.probe.lrange(f.keys.dead())).containsExactly("t-0");
    }
  }
}
