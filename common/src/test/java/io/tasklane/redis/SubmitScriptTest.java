package io.tasklane.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tasklane.dispatch.Strategy;
import io.tasklane.error.DuplicateTaskException;
import io.tasklane.task.NewTask;
import io.tasklane.task.TaskFields;
import io.tasklane.task.TaskInfo;
import io.tasklane.task.TaskStatus;
import io.tasklane.testing.QueueFixture;
import io.tasklane.testing.RedisExtension;
import io.tasklane.testing.TestRedis;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisExtension.class)
class SubmitScriptTest {

  @Test
  void withoutWorkersTasksWaitInTheBacklogInOrder(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis)) {
      List<String> ids = f.submit("t", 5);
      assertThat(f.probe.lrange(f.keys.backlog())).containsExactlyElementsOf(ids);
      Map<String, String> h = f.probe.hgetall(f.keys.task("t-3"));
      // attempt 0, the default max_attempts and timeout 0 are left out
      assertThat(h).containsOnly(Map.entry(TaskFields.STATUS, TaskStatus.QUEUED.code()),
          Map.entry(TaskFields.TYPE, "echo"), Map.entry(TaskFields.PAYLOAD, "{\"i\":3}"),
          Map.entry(TaskFields.SUBMITTED, "1700000000000"));
      TaskInfo t = f.queue.task("t-3");
      assertThat(t.attempt()).isZero();
      assertThat(t.maxAttempts()).isEqualTo(NewTask.DEFAULT_MAX_ATTEMPTS);
    }
  }

  @Test
  void leastConcurrencyFillsFreeSlotsThenUsesTheBacklog(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis)) {
      f.worker("a", 2);
      f.worker("b", 1);
      SubmitResult r = f.queue.submit(List.of(
          NewTask.of("echo", "1").withId("x1"), NewTask.of("echo", "2").withId("x2"),
          NewTask.of("echo", "3").withId("x3"), NewTask.of("echo", "4").withId("x4")), false);
      assertThat(r.assigned()).isEqualTo(3);
      assertThat(r.backlogged()).isEqualTo(1);
      assertThat(f.probe.llen(f.keys.inbox("a"))).isEqualTo(2);
      assertThat(f.probe.llen(f.keys.inbox("b"))).isEqualTo(1);
      assertThat(f.probe.lrange(f.keys.backlog())).containsExactly("x4");
      assertThat(f.inflight("a")).isEqualTo(2);
      assertThat(f.probe.zscore(f.keys.workers(), "a")).isEqualTo(1.0);
      assertThat(f.status("x1")).isEqualTo("assigned");
    }
  }

  @Test
  void roundRobinRotatesWhateverTheLoad(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis)) {
      f.queue.setStrategy(Strategy.ROUND_ROBIN);
      f.worker("a", 1);
      f.worker("b", 1);
      f.worker("c", 1);
      List<String> ids = f.submit("t", 7);
      assertThat(ids.stream().map(f::workerOf)).containsExactly("a", "b", "c", "a", "b", "c", "a");
      f.submit("u", 2);
      assertThat(f.workerOf("u-0")).isEqualTo("b");
      assertThat(f.workerOf("u-1")).isEqualTo("c");
      assertThat(f.probe.llen(f.keys.backlog())).isZero();
    }
  }

  @Test
  void aDuplicateIdRejectsTheWholeBatchAndWritesNothing(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis)) {
      f.submit("t", 1);
      long before = f.probe.dbsize();
      assertThatThrownBy(() -> f.queue.submit(List.of(NewTask.of("echo", "1").withId("new"),
          NewTask.of("echo", "2").withId("t-0")), false))
          .isInstanceOf(DuplicateTaskException.class).hasMessageContaining("t-0");
      assertThat(f.probe.exists(f.keys.task("new"))).isFalse();
      assertThat(f.probe.dbsize()).isEqualTo(before);
      assertThat(f.probe.llen(f.keys.backlog())).isEqualTo(1);
    }
  }

  @Test
  void ifAbsentSkipsExistingIdsAndKeepsTheirState(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis)) {
      f.submit("t", 1);
      SubmitResult r = f.queue.submit(List.of(NewTask.of("echo", "\"other\"").withId("t-0"),
          NewTask.of("echo", "2").withId("t-1")), true);
      assertThat(r.skipped()).containsExactly("t-0");
      assertThat(f.probe.hget(f.keys.task("t-0"), TaskFields.PAYLOAD)).isEqualTo("{\"i\":0}");
      assertThat(f.probe.lrange(f.keys.backlog())).containsExactly("t-0", "t-1");
    }
  }

  @Test
  void newTasksQueueBehindAnOlderBacklog(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis)) {
      f.submit("old", 2);
      // a worker that registers takes backlog tasks up to its slots; with 1 slot one stays
      f.worker("a", 1);
      assertThat(f.probe.lrange(f.keys.backlog())).containsExactly("old-1");
      f.submit("mid", 1);
      assertThat(f.probe.lrange(f.keys.backlog())).containsExactly("old-1", "mid-0");
      f.worker("b", 5);
      assertThat(f.workerOf("mid-0")).isEqualTo("b");
      f.submit("new", 1);
      assertThat(f.workerOf("old-1")).isEqualTo("b");
      assertThat(f.workerOf("new-0")).isEqualTo("b");
    }
  }

  @Test
  void anUnknownTypeIsRejectedOnceWorkersHaveDeclaredTheirs(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis)) {
      f.queue.submit(List.of(NewTask.of("anything", "1").withId("early")), false);
      f.queue.register(new WorkerInfo("w", "h", 1, 4, 1, "t"), QueueFixture.TTL,
          List.of("echo", "noop"));
      assertThat(f.probe.hgetall(f.keys.types())).containsOnlyKeys("echo", "noop");
      assertThatThrownBy(() -> f.queue.submit(List.of(NewTask.of("echo", "1").withId("ok"),
          NewTask.of("resize", "1").withId("no")), false))
          .isInstanceOf(io.tasklane.error.InvalidInputException.class)
          .hasMessageContaining("unknown task type 'resize'");
      assertThat(f.probe.exists(f.keys.task("ok"))).isFalse();
      f.queue.submit(List.of(NewTask.of("resize", "1").withId("forced")), false, false);
      assertThat(f.status("forced")).isEqualTo("assigned");
    }
  }

  @Test
  void aRedisOutOfMemoryRefusesTheWholeBatch(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis)) {
      f.submit("before", 1);
      f.probe.configSet("maxmemory", "1");
      try {
        assertThatThrownBy(() -> f.submit("t", 50))
            .isInstanceOf(io.tasklane.error.RedisUnavailableException.class)
            .hasMessageContaining("out of memory").hasMessageContaining("nothing was written");
      } finally {
        f.probe.configSet("maxmemory", "0");
      }
      assertThat(f.probe.exists(f.keys.task("t-0"))).isFalse();
      assertThat(f.probe.lrange(f.keys.backlog())).containsExactly("before-0");
    }
  }
}
