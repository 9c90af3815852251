package io.tasklane.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tasklane.task.TaskInfo;
import io.tasklane.testing.RedisExtension;
import io.tasklane.testing.TestRedis;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Fencing with real processes: a worker frozen (SIGSTOP) past its TTL loses its tasks to
 * another worker; when it wakes up (SIGCONT) and reports them, Redis refuses its outcomes.
 */
@ExtendWith(RedisExtension.class)
class StaleWorkerTest {

  @Test
  void aWorkerResumedAfterItsTtlCannotOverwriteTheTasksItLost(TestRedis redis) throws Exception {
    try (Cluster c = new Cluster(redis); Producer p = Producer.connect(c.url, Duration.ofSeconds(5))) {
      c.fastDispatcher();
      JavaProcess frozen = c.fastWorker("frozen", "--concurrency", "4");
      // 4 s tasks: the frozen worker's copies end (on resume) while the other worker still
      // runs the same tasks, so its late outcomes meet tasks running elsewhere.
      List<String> ids = p.submit(Producer.sleeps("fence", 4, 4000));
      await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
          .until(() -> c.heldBy("frozen")[1] == 4);
      c.fastWorker("other", "--concurrency", "4");

      frozen.suspend();
      try {
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
            .until(() -> p.tasks(ids).stream().allMatch(t -> t.attempt() == 2
                && "other".equals(t.worker()) && t.status().wire().equals("running")));
      } finally {
        frozen.resume();
      }

      await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
          .until(() -> c.stat("frozen", "stale") >= 4);
      // The late outcomes changed nothing: each task still belongs to the other worker's
      // attempt (running, or finished by that attempt if it was quicker).
      for (TaskInfo t : p.tasks(ids)) {
        assertThat(t.worker()).as(t.id()).isEqualTo("other");
        assertThat(t.attempt()).as(t.id()).isEqualTo(2);
        assertThat(t.status().wire()).as(t.id()).isIn("running", "succeeded");
      }

      p.awaitAllSucceeded(ids, Duration.ofSeconds(15));
      for (TaskInfo t : p.tasks(ids)) {
        assertThat(t.worker()).as(t.id()).isEqualTo("other");
        assertThat(t.attempt()).as(t.id()).isEqualTo(2);
        assertThat(t.result()).as(t.id()).isEqualTo("{\"slept_ms\":4000}");
      }
      assertThat(c.stat("frozen", "stale")).isEqualTo(4);
      assertThat(c.stat("frozen", "succeeded")).isZero();
      assertThat(c.stat("other", "succeeded")).isEqualTo(4);
      assertThat(c.stat("other", "stale")).isZero();

      // The resumed worker rejoins on its own and takes work again.
      assertThat(frozen.isAlive()).isTrue();
      await().atMost(Duration.ofSeconds(10))
          .until(() -> "active".equals(c.resp.hget(c.keys.worker("frozen"), "state")));
      List<String> more = p.submit(Producer.sleeps("after", 16, 50));
      p.awaitAllSucceeded(more, Duration.ofSeconds(15));
      assertThat(p.tasks(more).stream().map(TaskInfo::worker)).contains("frozen");
    }
  }
}
