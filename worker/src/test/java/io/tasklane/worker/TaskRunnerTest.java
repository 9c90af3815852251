package io.tasklane.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tasklane.handler.TaskContext;
import io.tasklane.handler.TaskFailure;
import io.tasklane.handler.TaskHandler;
import io.tasklane.task.ClaimedTask;
import io.tasklane.task.Outcome;
import io.tasklane.task.Outcome.Kind;
import io.tasklane.worker.handlers.BuiltInHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TaskRunnerTest {
  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicBoolean stubbornDone = new AtomicBoolean();
  private final Outcomes outcomes = new Outcomes();
  private final TaskRunner runner = new TaskRunner(registry(), "w1", Duration.ofSeconds(30),
      outcomes, 32, 0);

  @AfterEach
  void close() {
    release.countDown();
    runner.close();
  }

  @Test
  void aResultBecomesASuccessWithItsRunTime() {
    Outcome o = runOne(task("t1", "echo", "{\"a\":[1,2]}", 0));

    assertThat(o).extracting(Outcome::id, Outcome::attempt, Outcome::ok, Outcome::body)
        .containsExactly("t1", 3, true, "{\"a\":[1,2]}");
    assertThat(o.runMicros()).isNotNegative();
  }

  @Test
  void nullBecomesJsonNull() {
    assertThat(runOne(task("t1", "noop", "{}", 0)).body()).isEqualTo("null");
  }

  @Test
  void aResultThatIsNotJsonFailsTheAttempt() {
    Outcome o = runOne(task("t1", "bad-json", "{}", 0));

    assertThat(o.kind()).isEqualTo(Kind.FAILURE);
    assertThat(o.body()).startsWith(
        "handler for task type 'bad-json' returned a result that is not valid JSON: ");
  }

  @Test
  void anExceptionBecomesAFailureWithItsClassAndMessage() {
    Outcome o = runOne(task("t1", "boom", "{}", 0));

    assertThat(o).extracting(Outcome::kind, Outcome::body)
        .containsExactly(Kind.FAILURE, "IllegalStateException: boom");
    assertThat(runner.failed()).isEqualTo(1);
    assertThat(runner.fatal()).isZero();
  }

  @Test
  void aTaskFailureFailsWithExactlyItsMessage() {
    Outcome o = runOne(task("t1", "fail", "{\"message\":\"disk full\"}", 0));

    assertThat(o).extracting(Outcome::kind, Outcome::body)
        .containsExactly(Kind.FAILURE, "disk full");
  }

  @Test
  void aPermanentTaskFailureIsFatal() {
    Outcome o = runOne(task("t1", "permanent", "{}", 0));

    assertThat(o).extracting(Outcome::kind, Outcome::body)
        .containsExactly(Kind.FATAL, "account closed");
    assertThat(runner.fatal()).isEqualTo(1);
    assertThat(runner.failed()).isEqualTo(1);
  }

  @Test
  void aBuiltInsBadPayloadIsFatalWithItsMessage() {
    Outcome o = runOne(task("t1", "sleep", "{\"ms\":-1}", 0));

    assertThat(o.kind()).isEqualTo(Kind.FATAL);
    assertThat(o.body()).isEqualTo("sleep payload field \"ms\" must be a whole number of 0 or "
        + "more, not -1, as in {\"ms\":100}");
  }

  @Test
  void anUnknownTypeIsFatal() {
    Outcome o = runOne(task("t1", "resize", "{}", 0));

    assertThat(o).extracting(Outcome::kind, Outcome::body)
        .containsExactly(Kind.FATAL, "no handler for task type 'resize' on worker w1");
  }

  @Test
  void aPayloadThatIsNotJsonIsFatalAndNeverReachesTheHandler() {
    Outcome o = runOne(task("t1", "boom", "{\"unclosed\": [1, 2", 0));

    assertThat(o.kind()).isEqualTo(Kind.FATAL);
    assertThat(o.body()).startsWith("the payload is not valid JSON: ");
  }

  @Test
  void aGarbledTaskIsFatal() {
    assertThat(runOne(new ClaimedTask("t1", null, "{}", 1, 0)))
        .extracting(Outcome::kind, Outcome::body)
        .containsExactly(Kind.FATAL, "the task has no type: its hash in Redis is incomplete");
    assertThat(runOne(new ClaimedTask("t2", "echo", null, 1, 0)))
        .extracting(Outcome::kind, Outcome::body)
        .containsExactly(Kind.FATAL, "the task has no payload: its hash in Redis is incomplete");
    assertThat(runner.running()).isZero();
  }

  @Test
  void exposesTheIdsOfTheTasksItRuns() throws Exception {
    runner.run(task("t1", "stubborn", "{}", 0));
    runner.run(task("t2", "stubborn", "{}", 0));
    runOne(task("t3", "echo", "1", 0));

    assertThat(runner.heldIds()).containsExactlyInAnyOrder("t1", "t2");
    release.countDown();
    assertThat(runner.awaitIdle(System.nanoTime() + TimeUnit.SECONDS.toNanos(5))).isTrue();
    assertThat(runner.heldIds()).isEmpty();
  }

  @Test
  void aTimedOutHandlerIsInterrupted() {
    Outcome o = runOne(task("t1", "sleep", "{\"ms\":60000}", 50));

    assertThat(o.kind()).isEqualTo(Kind.FAILURE);
    assertThat(o.body()).isEqualTo("timed out after 50 ms");
    assertThat(o.runMicros()).isGreaterThanOrEqualTo(50_000);
    assertThat(runner.timedOut()).isEqualTo(1);
  }

  @Test
  void aHandlerIgnoringInterruptsStillFreesItsSlotAndItsLateResultIsDropped() throws Exception {
    runner.run(task("t1", "stubborn", "{}", 50));
    assertThat(runner.running()).isEqualTo(1);

    await().atMost(Duration.ofSeconds(5)).until(() -> runner.running() == 0);
    assertThat(runner.awaitIdle(System.nanoTime())).isTrue();
    assertThat(drain()).singleElement()
        .satisfies(o -> assertThat(o).extracting(Outcome::kind, Outcome::body)
            .containsExactly(Kind.FAILURE, "timed out after 50 ms"));
    assertThat(runner.heldIds()).isEmpty();

    release.countDown();
    await().atMost(Duration.ofSeconds(5)).untilTrue(stubbornDone);
    assertThat(drain()).isEmpty();
    assertThat(outcomes.unsent()).isEqualTo(1);
  }

  @Test
  void theWorkerTimeoutAppliesWhenTheTaskHasNone() {
    try (TaskRunner shortTimeout = new TaskRunner(registry(), "w1", Duration.ofMillis(50),
        outcomes, 8, 0)) {
      shortTimeout.run(task("t1", "sleep", "{\"ms\":60000}", 0));

      await().atMost(Duration.ofSeconds(5)).until(outcomes::hasQueued);
      assertThat(drain()).singleElement()
          .satisfies(o -> assertThat(o.body()).isEqualTo("timed out after 50 ms"));
    }
  }

  @Test
  void aShortTimeoutStartedAfterALongOneStillTimesOutOnTime() {
    runner.run(task("long", "sleep", "{\"ms\":60000}", 60_000));
    runner.run(task("short", "sleep", "{\"ms\":60000}", 50));

    await().atMost(Duration.ofSeconds(5)).until(outcomes::hasQueued);
    assertThat(drain()).singleElement()
        .satisfies(o -> assertThat(o).extracting(Outcome::id, Outcome::body)
            .containsExactly("short", "timed out after 50 ms"));
    assertThat(runner.heldIds()).containsExactly("long");
  }

  @Test
  void tasksStartedWhileOthersRunEachTimeOutAfterTheirOwnTimeout() {
    for (int i = 0; i < 5; i++) runner.run(task("t" + i, "sleep", "{\"ms\":60000}", 40 + 20 * i));

    await().atMost(Duration.ofSeconds(5)).until(() -> runner.running() == 0);
    List<Outcome> out = drain();
    assertThat(out).extracting(Outcome::id).containsExactly("t0", "t1", "t2", "t3", "t4");
    for (int i = 0; i < 5; i++) {
      assertThat(out.get(i).body()).isEqualTo("timed out after " + (40 + 20 * i) + " ms");
      assertThat(out.get(i).runMicros()).isGreaterThanOrEqualTo((40 + 20 * i) * 1000L);
    }
  }

  @Test
  void runsTasksAtOnceAndCountsThem() throws Exception {
    for (int i = 0; i < 20; i++) runner.run(task("t" + i, "sleep", "{\"ms\":100}", 0));
    assertThat(runner.running()).isEqualTo(20);

    assertThat(runner.awaitIdle(System.nanoTime() + TimeUnit.SECONDS.toNanos(5))).isTrue();
    assertThat(drain()).hasSize(20).allMatch(Outcome::ok);
    assertThat(runner.succeeded()).isEqualTo(20);
  }

  @Test
  void aTaskClaimedAheadWaitsForTheFirstFreeSlotAndCarriesItsWait() throws Exception {
    try (TaskRunner one = new TaskRunner(registry(), "w1", Duration.ofSeconds(30), outcomes, 1,
        1)) {
      one.run(task("first", "stubborn", "{}", 0));
      one.run(task("next", "echo", "2", 0));

      assertThat(one.running()).isEqualTo(1);
      assertThat(one.heldIds()).containsExactlyInAnyOrder("first", "next");
      assertThat(outcomes.hasQueued()).isFalse();
      Thread.sleep(20); // the wait to be reported
      release.countDown();
      await().atMost(Duration.ofSeconds(5)).until(() -> outcomes.unsent() == 2);
      List<Outcome> out = drain();
      assertThat(out).extracting(Outcome::id).containsExactlyInAnyOrder("first", "next");
      Outcome next = out.stream().filter(o -> o.id().equals("next")).findFirst().orElseThrow();
      assertThat(next.ok()).isTrue();
      assertThat(next.heldMillis()).isGreaterThanOrEqualTo(20);
      assertThat(out.stream().filter(o -> o.id().equals("first")).findFirst().orElseThrow()
          .heldMillis()).isZero();
      assertThat(one.heldIds()).isEmpty();
    }
  }

  @Test
  void roomCountsTasksClaimedAheadOnlyWhileTasksAreShort() throws Exception {
    try (TaskRunner two = new TaskRunner(registry(), "w1", Duration.ofSeconds(30), outcomes, 2,
        3)) {
      assertThat(two.room()).as("no run time known yet").isEqualTo(2);
      two.run(task("short", "sleep", "{\"ms\":1}", 0));
      await().atMost(Duration.ofSeconds(5)).until(() -> two.running() == 0);
      assertThat(two.room()).isEqualTo(5);
      two.run(task("s1", "stubborn", "{}", 0));
      two.run(task("s2", "stubborn", "{}", 0));
      two.run(task("w1", "echo", "1", 0));
      assertThat(two.room()).isEqualTo(2);
      release.countDown();
      await().atMost(Duration.ofSeconds(5)).until(() -> two.heldIds().isEmpty());
      drain();

      // one run six times the limit lifts the mean (weight 1/5) above it: claiming ahead stops
      two.run(task("long", "sleep", "{\"ms\":" + 6 * ClaimAhead.BELOW_MICROS / 1000
          + "}", 0));
      await().atMost(Duration.ofSeconds(5)).until(() -> two.running() == 0);
      assertThat(two.room()).isEqualTo(2);
    }
  }

  @Test
  void releasingHandsBackTheTasksWaitingForASlotAndAnyClaimedLater() {
    try (TaskRunner one = new TaskRunner(registry(), "w1", Duration.ofSeconds(30), outcomes, 1,
        1)) {
      one.run(task("busy", "stubborn", "{}", 0));
      one.run(task("waiting", "echo", "1", 0));

      one.releaseWaiting();
      one.run(task("late", "echo", "1", 0));

      assertThat(drain()).extracting(Outcome::id, Outcome::kind, Outcome::attempt)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("waiting", Kind.RELEASED, 3),
              org.assertj.core.groups.Tuple.tuple("late", Kind.RELEASED, 3));
      assertThat(one.heldIds()).containsExactly("busy");
      assertThat(one.room()).isZero();
    }
  }

  @Test
  void awaitIdleGivesUpAtTheDeadline() throws Exception {
    runner.run(task("t1", "stubborn", "{}", 0));

    assertThat(runner.awaitIdle(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50))).isFalse();
  }

  @Test
  void describeCutsLongMessages() {
    String d = TaskRunner.describe(new IllegalStateException("x".repeat(5000)));

    assertThat(d).hasSize(TaskRunner.MAX_ERROR_CHARS).startsWith("IllegalStateException: xxx");
    assertThat(TaskRunner.describe(new NullPointerException())).isEqualTo("NullPointerException");
  }

  private Outcome runOne(ClaimedTask t) {
    runner.run(t);
    await().atMost(Duration.ofSeconds(5)).until(outcomes::hasQueued);
    List<Outcome> got = drain();
    assertThat(got).hasSize(1);
    return got.get(0);
  }

  private List<Outcome> drain() {
    List<Outcome> out = new ArrayList<>();
    outcomes.drainTo(out);
    return out;
  }

  private static ClaimedTask task(String id, String type, String payload, long timeoutMs) {
    return new ClaimedTask(id, type, payload, 3, timeoutMs);
  }

  private HandlerRegistry registry() {
    TaskHandler badJson = new TaskHandler() {
      @Override public String type() { return "bad-json"; }
      @Override public String handle(TaskContext task) { return "not json"; }
    };
    TaskHandler boom = new TaskHandler() {
      @Override public String type() { return "boom"; }
      @Override public String handle(TaskContext task) { throw new IllegalStateException("boom"); }
    };
    TaskHandler permanent = new TaskHandler() {
      @Override public String type() { return "permanent"; }

      @Override
      public String handle(TaskContext task) throws TaskFailure {
        throw new TaskFailure("account closed", true);
      }
    };
    TaskHandler stubborn = new TaskHandler() {
      @Override public String type() { return "stubborn"; }

      @Override
      public String handle(TaskContext task) {
        while (true) {
          try {
            release.await();
            stubbornDone.set(true);
            return "\"late\"";
          } catch (InterruptedException ignored) {
            // ignores interruption on purpose
          }
        }
      }
    };
    return HandlerRegistry.of(BuiltInHandlers.all(1.0, RandomGenerator.getDefault()),
        List.of(badJson, boom, permanent, stubborn));
  }
}
