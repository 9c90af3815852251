package io.tasklane.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tasklane.task.NewTask;
import io.tasklane.task.TaskInfo;
import io.tasklane.testing.RedisExtension;
import io.tasklane.testing.TestRedis;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Worker processes killed with SIGKILL: no task is lost, and a task runs again only when the
 * dead worker held it, at most once more. Workers beat every 200 ms with a 1 s TTL; a
 * dispatcher's Reaper looks for dead workers every 200 ms.
 */
@ExtendWith(RedisExtension.class)
class WorkerCrashTest {
  private static final Duration DRAIN = Duration.ofSeconds(60);

  @Test
  void aWorkerKilledMidRunLosesNothingAndOnlyItsInFlightTasksRunTwice(TestRedis redis)
      throws Exception {
    try (Cluster c = new Cluster(redis); Producer p = Producer.connect(c.url, Duration.ofSeconds(5))) {
      c.fastDispatcher();
      JavaProcess victim = c.fastWorker("victim", "--concurrency", "4");
      c.fastWorker("survivor", "--concurrency", "4");
      List<String> ids = p.submit(Producer.sleeps("k", 200, 200));

      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
          .until(() -> c.stat("victim", "succeeded") >= 20);
      long[] held = c.heldBy("victim");
      victim.kill();
      long inFlight = held[0] + held[1];

      p.awaitAllSucceeded(ids, DRAIN);
      List<TaskInfo> tasks = p.tasks(ids);
      long reruns = tasks.stream().mapToLong(t -> t.attempt() - 1).sum();
      assertThat(inFlight).as("the victim held tasks when killed").isBetween(1L, 4L);
      assertThat(tasks).allSatisfy(t -> assertThat(t.attempt()).isBetween(1, 2));
      assertThat(reruns).as("executions beyond one per task, victim held " + held[0]
          + " in its inbox and " + held[1] + " running").isBetween(1L, inFlight);
      assertThat(tasks.stream().filter(t -> t.attempt() == 2).map(TaskInfo::worker))
          .containsOnly("survivor");
      assertThat(c.resp.llen(c.keys.dead())).isZero();
      assertThat(c.resp.hget(c.keys.worker("victim"), "state")).isEqualTo("dead");
    }
  }

  /**
   * Crash point 1, after the claim and before the handler ends: tasks sleep 5 s on the victim,
   * which is killed as soon as all four are running (claimed, attempt 1). Each runs once more.
   */
  @Test
  void killedAfterClaimingEachClaimedTaskRunsOnceMore(TestRedis redis) throws Exception {
    try (Cluster c = new Cluster(redis); Producer p = Producer.connect(c.url, Duration.ofSeconds(5))) {
      c.fastDispatcher();
      JavaProcess victim = c.fastWorker("victim", "--concurrency", "4");
      List<String> ids = p.submit(Producer.sleeps("claimed", 4, 5000));
      await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
          .until(() -> c.heldBy("victim")[1] == 4);
      assertThat(p.statusCounts(ids)).isEqualTo(Map.of("running", 4));
      c.fastWorker("survivor", "--concurrency", "4", "--sleep-scale", "0.01");
      victim.kill();

      p.awaitAllSucceeded(ids, DRAIN);
      assertThat(p.tasks(ids)).allSatisfy(t -> {
        assertThat(t.attempt()).as(t.id()).isEqualTo(2);
        assertThat(t.worker()).as(t.id()).isEqualTo("survivor");
      });
    }
  }

  /**
   * Crash point 2, after the handler ended and before its outcome is recorded: Redis refuses
   * writes for a while (CLIENT PAUSE … WRITE), so the victim's completion call waits; once the
   * victim's debug log shows that all four handlers returned, it is killed and Redis resumes.
   * The outcomes never reach Redis: each task runs once more, and only once.
   */
  @Test
  void killedBetweenTheHandlerAndTheCompletionEachTaskRunsOnceMore(TestRedis redis)
      throws Exception {
    try (Cluster c = new Cluster(redis); Producer p = Producer.connect(c.url, Duration.ofSeconds(5))) {
      c.fastDispatcher();
      JavaProcess victim = c.fastWorker("victim", "--concurrency", "4", "-v");
      List<String> ids = p.submit(Producer.sleeps("ran", 4, 500));
      await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
          .until(() -> c.heldBy("victim")[1] == 4);
      c.resp.call("CLIENT", "PAUSE", "15000", "WRITE");
      try {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
            .until(() -> victim.stderrLinesContaining("(sleep attempt 1) succeeded in") == 4);
        assertThat(p.statusCounts(ids)).as("no outcome recorded yet")
            .isEqualTo(Map.of("running", 4));
        victim.kill();
      } finally {
        c.resp.call("CLIENT", "UNPAUSE");
      }
      c.fastWorker("survivor", "--concurrency", "4");

      p.awaitAllSucceeded(ids, DRAIN);
      assertThat(p.tasks(ids)).allSatisfy(t -> {
        assertThat(t.attempt()).as(t.id()).isEqualTo(2);
        assertThat(t.worker()).as(t.id()).isEqualTo("survivor");
      });
      assertThat(c.stat("victim", "succeeded")).isZero();
    }
  }

  /**
   * Crash point 3, after a completion: the victim (two slots) runs 1 s tasks with more waiting
   * in the backlog and is killed as soon as its first outcomes are recorded. The completion
   * script claims the next tasks in the same call, so at the kill the victim runs tasks it
   * has just claimed: they run once more; the finished ones never run again; the ones still in
   * the backlog run once.
   */
  @Test
  void killedAfterACompletionFinishedTasksNeverRunAgain(TestRedis redis) throws Exception {
    try (Cluster c = new Cluster(redis); Producer p = Producer.connect(c.url, Duration.ofSeconds(5))) {
      c.fastDispatcher();
      JavaProcess victim = c.fastWorker("victim", "--concurrency", "2");
      List<NewTask> submitted = Producer.sleeps("done", 6, 1000);
      List<String> ids = p.submit(submitted);
      await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
          .until(() -> c.stat("victim", "succeeded") >= 2);
      victim.kill();
      Set<String> finishedBeforeKill = p.tasks(ids).stream()
          .filter(t -> t.status().isFinal()).map(TaskInfo::id).collect(Collectors.toSet());
      Map<String, Integer> attemptsBefore = new HashMap<>();
      p.tasks(ids).forEach(t -> attemptsBefore.put(t.id(), t.attempt()));
      c.fastWorker("survivor", "--concurrency", "2");

      p.awaitAllSucceeded(ids, DRAIN);
      List<TaskInfo> tasks = p.tasks(ids);
      assertThat(finishedBeforeKill).as("finished before the kill").isNotEmpty().hasSizeLessThan(6);
      for (TaskInfo t : tasks) {
        assertThat(t.attempt()).as(t.id()).isBetween(1, 2);
        if (finishedBeforeKill.contains(t.id())) {
          assertThat(t.attempt()).as(t.id() + " finished before the kill").isEqualTo(1);
          assertThat(t.worker()).as(t.id()).isEqualTo("victim");
        } else {
          assertThat(t.worker()).as(t.id()).isEqualTo("survivor");
          // a task ran again only when the victim had started it (attempt 1 at the kill)
          assertThat(t.attempt()).as(t.id()).isEqualTo(attemptsBefore.get(t.id()) + 1);
        }
      }
      assertThat(tasks.stream().mapToInt(t -> t.attempt() - 1).sum()).isLessThanOrEqualTo(2);
    }
  }
}
