package io.tasklane.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.tasklane.task.ClaimedTask;
import io.tasklane.task.Outcome;
import io.tasklane.task.RunTimeHistogram;
import io.tasklane.testing.QueueFixture;
import io.tasklane.testing.RedisExtension;
import io.tasklane.testing.TestRedis;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisExtension.class)
class ClaimAndCompleteScriptTest {

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
      assertThat(f.probe.hgetall(f.keys.task("t-0"))).containsEntry("status", "running")
          .containsEntry("attempt", "1").containsEntry("started", "1700000000005");
      assertThat(f.inflight("a")).isEqualTo(3);
    }
  }

  @Test
  void claimDropsTasksThatNoLongerBelongToTheWorker(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis)) {
      f.worker("a", 2);
      f.submit("t", 2);
      f.probe.hset(f.keys.task("t-0"), "status", "cancelled");
      assertThat(f.queue.claim("a", 2)).extracting(ClaimedTask::id).containsExactly("t-1");
      assertThat(f.inflight("a")).isEqualTo(1);
    }
  }

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
      assertThat(f.probe.hgetall(f.keys.task("t-0"))).containsEntry("status", "succeeded")
          .containsEntry("result", "{\"r\":1}").containsEntry("run_us", "1500")
          .containsEntry("finished", "1700000000010");
      assertThat(f.probe.hgetall(f.keys.task("t-1"))).containsEntry("status", "failed")
          .containsEntry("error", "boom");
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
      assertThat(f.probe.zrange(f.keys.active("a"))).containsExactlyInAnyOrder("t-2", "t-3");
      assertThat(f.inflight("a")).isEqualTo(2);
    }
  }

  @Test
  void aCompletionWithAStaleAttemptIsRejectedAndCounted(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis)) {
      f.worker("a", 1);
      f.submit("t", 1);
      ClaimedTask first = f.queue.claim("a", 1).get(0);
      // the task was handed out again: attempt 2 now owns it
      f.probe.hset(f.keys.task("t-0"), "attempt", "2");
      Completion done = f.queue.complete("a", List.of(Outcome.success(first, "1", 10)), 0);
      assertThat(done.accepted()).isZero();
      assertThat(done.stale()).isEqualTo(1);
      assertThat(f.status("t-0")).isEqualTo("running");
      assertThat(f.probe.hget(f.keys.task("t-0"), "result")).isNull();
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
}
