package io.tasklane.scheduler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.redis.Keys;
import io.tasklane.task.Json;
import io.tasklane.task.NewTask;
import io.tasklane.task.Outcome;
import io.tasklane.task.TaskFields;
import io.tasklane.task.TaskStatus;
import io.tasklane.testing.RedisExtension;
import io.tasklane.testing.TestRedis;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisExtension.class)
class DeadLettersCommandTest {
  private static final Keys K = Keys.of("default");
  private static final DeadLettersCommand.Prompt NO_TERMINAL = question -> null;

  private static Cli.Result run(TestRedis redis, DeadLettersCommand.Prompt prompt,
      String subcommand, String... args) {
    List<String> all = new ArrayList<>(List.of(subcommand, "--redis", redis.url()));
    all.addAll(List.of(args));
    return Cli.run(new DeadLettersCommand(prompt), all.toArray(String[]::new));
  }

  private static Cli.Result run(TestRedis redis, String subcommand, String... args) {
    return run(redis, NO_TERMINAL, subcommand, args);
  }

  /** Dead tasks d1, d2, d3 (in that order), a queued task q1 and a worker w1 with room. */
  private static FakeWorker seed(TestRedis redis) {
    FakeWorker w = new FakeWorker(redis, "default", "w1", 10);
    w.queue.submit(List.of(
        NewTask.of("echo", "{\"n\":1}").withId("d1").withMaxAttempts(1),
        NewTask.of("echo", "{\"n\":2}").withId("d2").withMaxAttempts(1),
        NewTask.of("resize", "[2]").withId("d3")), false);
    w.runAll(t -> t.id().equals("d3") ? Outcome.fatal(t, "no handler for type 'resize'", 0)
        : Outcome.failure(t, "boom " + t.id() + "\n  at Handler.java:12", 1_000));
    w.queue.submit(List.of(NewTask.of("echo", "null").withId("q1")), false);
    return w;
  }

  @Test
  void listShowsTheOldestDeadTasksOneLineEach(TestRedis redis) {
    try (FakeWorker w = seed(redis)) {
      Cli.Result r = run(redis, "list");
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.err()).isEmpty();
      List<String> lines = r.outLines();
      assertThat(lines).hasSize(4);
      assertThat(lines.get(0)).matches("ID\\s+TYPE\\s+ATTEMPTS\\s+DIED\\s+REASON");
      assertThat(lines.get(1)).matches("d1\\s+echo\\s+1/1\\s+\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z\\s+"
          + "boom d1 \\| at Handler\\.java:12");
      assertThat(lines.get(2)).startsWith("d2 ");
      assertThat(lines.get(3)).startsWith("d3 ").contains("resize", "1/3")
          .endsWith("no handler for type 'resize'");

      Cli.Result limited = run(redis, "list", "--limit", "2");
      assertThat(limited.outLines()).hasSize(4);
      assertThat(limited.outLines().get(3))
          .isEqualTo("showing 2 of 3 dead tasks: --limit shows more");

      JsonNode j = Json.tree(run(redis, "list", "--json", "--limit", "2").out());
      assertThat(j.get("queue").asText()).isEqualTo("default");
      assertThat(j.get("dead").asLong()).isEqualTo(3);
      assertThat(j.get("tasks")).hasSize(2);
      JsonNode d1 = j.get("tasks").get(0);
      assertThat(d1.properties()).extracting(Map.Entry::getKey)
          .containsExactly("id", "type", "attempt", "max_attempts", "finished", "error");
      assertThat(d1.get("id").asText()).isEqualTo("d1");
      assertThat(d1.get("error").asText()).isEqualTo("boom d1\n  at Handler.java:12");
      assertThat(d1.get("finished").asLong()).isPositive();
    }
  }

  @Test
  void listOfAnEmptyQueueSaysSo(TestRedis redis) {
    Cli.Result r = run(redis, "list");
    assertThat(r.code()).isZero();
    assertThat(r.out()).isEqualTo("no dead tasks in queue 'default'\n");
    assertThat(Json.tree(run(redis, "list", "--json").out()).get("tasks")).isEmpty();
    Cli.Result bad = run(redis, "list", "--limit", "0");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.errLines()).containsExactly("dead-letters list: invalid --limit 0: use a "
        + "whole number from 1 to 10000");
  }

  @Test
  void showPrintsTheWholeTask(TestRedis redis) {
    try (FakeWorker w = seed(redis)) {
      Cli.Result r = run(redis, "show", "d1");
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.out()).contains("id         d1\n", "status     dead\n", "attempt    1/1\n",
          "run time   1.00 ms\n", "payload    {\"n\":1}\n",
          "reason     boom d1\n             at Handler.java:12\n");

      JsonNode j = Json.tree(run(redis, "show", "d3", "--json").out());
      assertThat(j.get("status").asText()).isEqualTo("dead");
      assertThat(j.get("type").asText()).isEqualTo("resize");
      assertThat(Json.write(j.get("payload"))).isEqualTo("[2]");
      assertThat(j.get("error").asText()).isEqualTo("no handler for type 'resize'");

      Cli.Result notDead = run(redis, "show", "q1");
      assertThat(notDead.code()).isEqualTo(2);
      assertThat(notDead.out()).isEmpty();
      assertThat(notDead.errLines()).containsExactly("dead-letters show: task q1 is not dead "
          + "(it is assigned); task-status shows any task");
      Cli.Result missing = run(redis, "show", "nope");
      assertThat(missing.code()).isEqualTo(2);
      assertThat(missing.errLines()).containsExactly(
          "dead-letters show: task nope does not exist in queue 'default'");
    }
  }

  @Test
  void retryRequeuesTheGivenDeadTasksWithFreshAttempts(TestRedis redis) {
    try (FakeWorker w = seed(redis)) {
      Cli.Result r = run(redis, "retry", "d1", "d3", "d1");
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.err()).isEmpty();
      assertThat(r.out()).isEqualTo("requeued 2 tasks\n");
      assertThat(redis.probe().lrange(K.dead())).containsExactly("d2");
      Map<String, String> d1 = redis.probe().hgetall(K.task("d1"));
      assertThat(d1).containsEntry(TaskFields.STATUS, TaskStatus.ASSIGNED.code())
          .containsEntry(TaskFields.ATTEMPT, "0").containsEntry(TaskFields.WORKER, "w1");
      assertThat(redis.probe().lrange(K.inbox("w1"))).contains("d1", "d3");
      assertThat(w.runAll(t -> Outcome.success(t, "true", 5))).isEqualTo(3);
      assertThat(redis.probe().hget(K.task("d1"), TaskFields.STATUS))
          .isEqualTo(TaskStatus.SUCCEEDED.code());
    }
  }

  @Test
  void retryOfATaskThatIsNotDeadRequeuesTheOthersAndExitsWithTwo(TestRedis redis) {
    try (FakeWorker w = seed(redis)) {
      Cli.Result r = run(redis, "retry", "d2", "q1", "nope");
      assertThat(r.code()).isEqualTo(2);
      assertThat(r.out()).isEqualTo("requeued 1 task\n");
      assertThat(r.errLines()).containsExactly(
          "dead-letters retry: task q1 is not dead (it is assigned)",
          "dead-letters retry: task nope does not exist");
      assertThat(redis.probe().lrange(K.dead())).containsExactly("d1", "d3");
      assertThat(redis.probe().hget(K.task("q1"), TaskFields.STATUS))
          .isEqualTo(TaskStatus.ASSIGNED.code());
    }
  }

  @Test
  void retryAllRequeuesEveryDeadTask(TestRedis redis) {
    try (FakeWorker w = seed(redis)) {
      Cli.Result r = run(redis, "retry", "--all");
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.out()).isEqualTo("requeued 3 tasks\n");
      assertThat(redis.probe().llen(K.dead())).isZero();
      assertThat(redis.probe().lrange(K.inbox("w1"))).containsExactly("q1", "d1", "d2", "d3");

      Cli.Result none = run(redis, "retry");
      assertThat(none.code()).isEqualTo(2);
      assertThat(none.errLines()).containsExactly(
          "dead-letters retry: give the IDs of dead tasks, or --all (not both)");
      assertThat(run(redis, "retry", "--all", "d1").code()).isEqualTo(2);
      Cli.Result invalid = run(redis, "retry", "not valid");
      assertThat(invalid.code()).isEqualTo(2);
      assertThat(invalid.err()).startsWith("dead-letters retry: invalid task id 'not valid'");
    }
  }

  @Test
  void purgeWithoutATerminalNeedsYes(TestRedis redis) {
    try (FakeWorker w = seed(redis)) {
      Cli.Result r = run(redis, "purge");
      assertThat(r.code()).isEqualTo(2);
      assertThat(r.out()).isEmpty();
      assertThat(r.errLines()).containsExactly("dead-letters purge: purge would delete the 3 dead "
          + "tasks of queue 'default' for good: confirm with --yes (there is no terminal to ask "
          + "on)");
      assertThat(redis.probe().llen(K.dead())).isEqualTo(3);

      Cli.Result yes = run(redis, question -> {
        throw new AssertionError("asked " + question);
      }, "purge", "--yes");
      assertThat(yes.code()).as(yes.err()).isZero();
      assertThat(yes.out()).isEqualTo("purged 3 tasks\n");
      assertThat(redis.probe().exists(K.dead())).isFalse();
      assertThat(redis.probe().exists(K.task("d1"))).isFalse();
      assertThat(redis.probe().exists(K.task("d3"))).isFalse();
      assertThat(redis.probe().exists(K.task("q1"))).isTrue();
    }
  }

  @Test
  void purgeOnATerminalAsksFirst(TestRedis redis) {
    try (FakeWorker w = seed(redis)) {
      List<String> asked = new ArrayList<>();
      Cli.Result declined = run(redis, question -> {
        asked.add(question);
        return "n";
      }, "purge");
      assertThat(declined.code()).isEqualTo(1);
      assertThat(declined.errLines())
          .containsExactly("dead-letters purge: not confirmed; nothing was deleted");
      assertThat(asked).containsExactly(
          "Delete the 3 dead tasks of queue 'default' for good? [y/N] ");
      assertThat(redis.probe().llen(K.dead())).isEqualTo(3);

      Cli.Result confirmed = run(redis, question -> " Yes\n", "purge");
      assertThat(confirmed.code()).as(confirmed.err()).isZero();
      assertThat(confirmed.out()).isEqualTo("purged 3 tasks\n");
      assertThat(redis.probe().llen(K.dead())).isZero();
    }
  }

  @Test
  void anUnreachableRedisIsOneLineAndExitThree() {
    Cli.Result r = Cli.run(new DeadLettersCommand(NO_TERMINAL), "list", "--redis",
        "redis://user:secret@127.0.0.1:1");
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.out()).isEmpty();
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.err()).startsWith("dead-letters list: cannot reach Redis at "
        + "redis://user:***@127.0.0.1:1").doesNotContain("secret");
  }

  @Test
  void aMissingSubcommandIsBadUsage() {
    Cli.Result r = Cli.run(new DeadLettersCommand(NO_TERMINAL));
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("missing subcommand");
  }
}
