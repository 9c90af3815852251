package io.tasklane.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tasklane.task.TaskInfo;
import io.tasklane.testing.RedisExtension;
import io.tasklane.testing.TestRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Three dispatcher processes reap the same dead workers at once: every task they hold is taken
 * back exactly once and ends succeeded exactly once.
 */
@ExtendWith(RedisExtension.class)
class ReaperRaceTest {
  private static final int TASKS = 1_000;
  private static final Pattern REAPED =
      Pattern.compile("reclaimed (\\d+) dead workers?: (\\d+) tasks? requeued");

  @Test
  void threeReapersTakeBackEachTaskOfKilledWorkersExactlyOnce(TestRedis redis) throws Exception {
    try (Cluster c = new Cluster(redis); Producer p = Producer.connect(c.url, Duration.ofSeconds(5))) {
      // The victims hold every task: sleep 20 ms × 1000 = 20 s, far longer than the test.
      JavaProcess v1 = c.fastWorker("victim-1", "--concurrency", "500", "--sleep-scale", "1000");
      JavaProcess v2 = c.fastWorker("victim-2", "--concurrency", "500", "--sleep-scale", "1000");
      List<String> ids = p.submit(Producer.sleeps("race", TASKS, 20));
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
          .until(() -> c.heldBy("victim-1")[1] + c.heldBy("victim-2")[1] == TASKS);

      List<JavaProcess> reapers = new ArrayList<>();
      for (int i = 0; i < 3; i++) reapers.add(c.fastDispatcher());
      // The survivor reclaims nothing itself (its own recovery loop is slowed right down), so
      // the three dispatchers race for the dead workers.
      c.fastWorker("survivor", "--concurrency", "100", "--recover-every", "10m");
      v1.kill();
      v2.kill();

      p.awaitAllSucceeded(ids, Duration.ofSeconds(60));
      List<TaskInfo> tasks = p.tasks(ids);
      assertThat(tasks).allSatisfy(t -> {
        assertThat(t.attempt()).as(t.id() + ": one attempt on a victim, one on the survivor")
            .isEqualTo(2);
        assertThat(t.worker()).as(t.id()).isEqualTo("survivor");
      });
      // No task in two places: every list and set that can hold a task ID is empty, and the
      // survivor's counters saw each task exactly once.
      for (String w : List.of("victim-1", "victim-2", "survivor")) {
        assertThat(c.heldBy(w)).as(w + " inbox and active").containsExactly(0, 0);
      }
      assertThat(c.resp.llen(c.keys.backlog())).isZero();
      assertThat(c.resp.zcard(c.keys.delayed())).isZero();
      assertThat(c.resp.llen(c.keys.dead())).isZero();
      assertThat(c.stat("survivor", "succeeded")).isEqualTo(TASKS);
      assertThat(c.stat("survivor", "stale")).isZero();
      assertThat(c.resp.hget(c.keys.worker("survivor"), "inflight")).isEqualTo("0");
      assertThat(c.stat("victim-1", "reclaimed") + c.stat("victim-2", "reclaimed"))
          .as("tasks taken back from the victims").isEqualTo(TASKS);
      for (String w : List.of("victim-1", "victim-2")) {
        assertThat(c.resp.hget(c.keys.worker(w), "state")).isEqualTo("dead");
      }

      // What each dispatcher says it reclaimed adds up to exactly the two workers and their
      // thousand tasks, however the three shared the work.
      long workers = 0;
      long requeued = 0;
      for (JavaProcess r : reapers) {
        Matcher m = REAPED.matcher(r.stderr());
        while (m.find()) {
          workers += Long.parseLong(m.group(1));
          requeued += Long.parseLong(m.group(2));
        }
      }
      assertThat(workers).as("workers reclaimed, over all dispatchers").isEqualTo(2);
      assertThat(requeued).as("tasks requeued, over all dispatchers").isEqualTo(TASKS);
    }
  }
}
