package io.tasklane.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tasklane.task.ClaimedTask;
import io.tasklane.task.NewTask;
import io.tasklane.task.Outcome;
import io.tasklane.task.TaskFields;
import io.tasklane.testing.QueueFixture;
import io.tasklane.testing.RedisExtension;
import io.tasklane.testing.TestRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A worker that takes pushes gets the tasks a submission gives it while it is idle claimed for
 * it and sent with its wake-up, so it starts them without a claim call of its own; in every
 * other case the wake-up names a task and the worker claims.
 */
@ExtendWith(RedisExtension.class)
class PushedWakeUpTest {

  /** What a worker's channel delivered: pushed task lists and plain wake-ups, in order. */
  private static final class Listener {
    final List<List<ClaimedTask>> pushed = new CopyOnWriteArrayList<>();
    final List<String> wakeUps = new CopyOnWriteArrayList<>();

    Listener(QueueFixture f, String worker) {
      f.queue.onAssigned(worker, pushed::add, () -> wakeUps.add(worker));
    }

    /** Waits until the channel has delivered n messages in all. */
    void awaitMessages(int n) {
      await().atMost(Duration.ofSeconds(5)).until(() -> pushed.size() + wakeUps.size() == n);
    }
  }

  /** Registers a worker that takes pushes and listens on its channel. */
  private static Listener pushWorker(QueueFixture f, String id, int concurrency) {
    f.queue.register(new WorkerInfo(id, "host", 1, concurrency, 1, "test", true),
        QueueFixture.TTL);
    return new Listener(f, id);
  }

  @Test
  void anIdleWorkerGetsItsTasksClaimedAndSent(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis)) {
      Listener a = pushWorker(f, "a", 4);
      f.queue.submit(List.of(NewTask.of("echo", "{\"s\":\"\\u00e9/\\\"q\\\"\"}").withId("x1"),
          NewTask.of("upper", "[1,2]").withId("x2").withTimeoutMs(7000)), false);

      a.awaitMessages(1);
      assertThat(a.wakeUps).isEmpty();
      assertThat(a.pushed.get(0)).containsExactly(
          new ClaimedTask("x1", "echo", "{\"s\":\"\\u00e9/\\\"q\\\"\"}", 1, 0),
          new ClaimedTask("x2", "upper", "[1,2]", 1, 7000));
      // running on a in Redis, as if a had claimed them
      assertThat(f.status("x1")).isEqualTo("running");
      assertThat(f.probe.hget(f.keys.task("x2"), TaskFields.ATTEMPT)).isEqualTo("1");
      assertThat(f.probe.zrange(f.keys.active("a"))).containsExactlyInAnyOrder("x1", "x2");
      assertThat(f.probe.llen(f.keys.inbox("a"))).isZero();
      assertThat(f.inflight("a")).isEqualTo(2);
      assertThat(f.queue.claim("a", 4)).isEmpty();
    }
  }

  @Test
  void theClaimWithTheWakeUpKeepsTheWorkersCountRight(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis)) {
      Listener a = pushWorker(f, "a", 4);
      // one ID twice in a batch: placed twice, claimed once; the claim drops the second
      f.queue.submit(List.of(NewTask.of("echo", "1").withId("x"),
          NewTask.of("echo", "2").withId("x")), false);
      a.awaitMessages(1);
      assertThat(a.pushed.get(0)).extracting(ClaimedTask::id).containsExactly("x");
      assertThat(f.inflight("a")).isEqualTo(1);
      assertThat(f.probe.zscore(f.keys.workers(), "a")).isEqualTo(0.25);
    }
  }

  @Test
  void aBusyInboxOrManyTasksGetAPlainWakeUp(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis)) {
      Listener a = pushWorker(f, "a", 20);
      // more tasks than one wake-up carries
      List<String> many = f.submit("m", 17);
      a.awaitMessages(1);
      assertThat(a.pushed).isEmpty();
      assertThat(f.status("m-0")).isEqualTo("assigned");
      assertThat(f.probe.lrange(f.keys.inbox("a"))).containsExactlyElementsOf(many);
      // an inbox holding tasks: the worker was woken for them already
      f.submit("n", 1);
      assertThat(f.status("n-0")).isEqualTo("assigned");
      assertThat(f.probe.lrange(f.keys.inbox("a")).get(17)).isEqualTo("n-0");
      assertThat(f.queue.claim("a", 20)).hasSize(18);
      assertThat(a.pushed).isEmpty();
    }
  }

  @Test
  void aSubmissionThatFillsTheBacklogSendsOnlyAPlainWakeUp(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis)) {
      Listener a = pushWorker(f, "a", 1);
      f.submit("t", 3); // one for a's slot, two for the backlog: a claims them all in one call
      a.awaitMessages(1);
      assertThat(a.pushed).isEmpty();
      assertThat(f.status("t-0")).isEqualTo("assigned");
      assertThat(f.probe.lrange(f.keys.backlog())).containsExactly("t-1", "t-2");
    }
  }

  @Test
  void largePayloadsGetAPlainWakeUp(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis)) {
      Listener a = pushWorker(f, "a", 4);
      String big = "\"" + "x".repeat(600_000) + "\"";
      // two payloads of 600 KB: over the 1 MiB a wake-up may carry
      f.queue.submit(List.of(NewTask.of("echo", big).withId("b1"),
          NewTask.of("echo", big).withId("b2")), false);
      a.awaitMessages(1);
      assertThat(a.pushed).isEmpty();
      assertThat(f.probe.lrange(f.keys.inbox("a"))).containsExactly("b1", "b2");
      List<Outcome> done = new ArrayList<>();
      for (ClaimedTask t : f.queue.claim("a", 4)) done.add(Outcome.success(t, "null", 5));
      f.queue.complete("a", done, 0);
      // one alone fits
      f.queue.submit(List.of(NewTask.of("echo", big).withId("b3")), false);
      a.awaitMessages(2);
      assertThat(a.pushed).hasSize(1);
      assertThat(a.pushed.get(0)).extracting(ClaimedTask::payload).containsExactly(big);
    }
  }

  @Test
  void aWorkerThatClaimsItselfGetsTheFirstTaskId(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis)) {
      f.worker("a", 4); // registered without push
      List<String> seen = new ArrayList<>();
      f.queue.onAssigned("a", () -> seen.add("wake"));
      f.submit("t", 2);
      await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 1);
      assertThat(f.status("t-0")).isEqualTo("assigned");
      assertThat(f.probe.lrange(f.keys.inbox("a"))).containsExactly("t-0", "t-1");
      // registering again without push turns a pushed worker back into a claiming one
      pushWorker(f, "b", 4);
      f.queue.deregister("b");
      f.worker("b", 4);
      assertThat(f.probe.hget(f.keys.worker("b"), "push")).isNull();
    }
  }

  /** A wake-up carrying tasks: every field followed by a NUL. */
  private static String push(String... fields) {
    StringBuilder b = new StringBuilder();
    for (String f : fields) b.append(f).append(ClaimScript.PUSH_SEPARATOR);
    return b.toString();
  }

  @Test
  void aMalformedPushIsAPlainWakeUp() {
    assertThat(ClaimScript.decodePushed("01JPLAINTASKID")).isEmpty(); // a plain wake-up
    assertThat(ClaimScript.decodePushed(push("x", "echo", "{}", "1"))).isEmpty();
    assertThat(ClaimScript.decodePushed(push("x", "echo", "{}", "one", "0"))).isEmpty();
    assertThat(ClaimScript.decodePushed(push("x", "echo", "{}", "1", "0") + "y")).isEmpty();
    // an empty type or payload: a field the task hash lacked
    assertThat(ClaimScript.decodePushed(push("x", "echo", "{}", "1", "0", "y", "", "", "2", "5")))
        .containsExactly(new ClaimedTask("x", "echo", "{}", 1, 0),
            new ClaimedTask("y", null, null, 2, 5));
  }
}
