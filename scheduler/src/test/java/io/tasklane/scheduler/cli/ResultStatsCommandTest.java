package io.tasklane.scheduler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.dispatch.Strategy;
import io.tasklane.redis.PlacementOptions;
import io.tasklane.task.ClaimedTask;
import io.tasklane.task.Json;
import io.tasklane.task.NewTask;
import io.tasklane.task.Outcome;
import io.tasklane.testing.QueueFixture;
import io.tasklane.testing.RedisExtension;
import io.tasklane.testing.TestRedis;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisExtension.class)
class ResultStatsCommandTest {

  private static Cli.Result stats(TestRedis redis, String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "--redis";
    all[1] = redis.url();
    System.arraycopy(args, 0, all, 2, args.length);
    return Cli.run(new ResultStatsCommand(), all);
  }

  @Test
  void jsonOfAnEmptyQueueHasTheSchemasFields(TestRedis redis) {
    Cli.Result r = stats(redis, "--json");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).isEmpty();
    JsonNode j = Json.tree(r.out());
    assertThat(j.properties()).extracting(Map.Entry::getKey).containsExactly("queue", "strategy",
        "taken_at", "window_s", "depths", "workers", "totals");
    assertThat(j.get("queue").asText()).isEqualTo("default");
    assertThat(j.get("strategy").asText()).isEqualTo("least-concurrency");
    assertThat(j.get("window_s").asInt()).isEqualTo(60);
    assertThat(j.get("depths").get("backlog").asLong()).isZero();
    assertThat(j.get("depths").get("inboxes").isEmpty()).isTrue();
    assertThat(j.get("workers").isArray()).isTrue();
    assertThat(j.get("workers")).isEmpty();
    JsonNode totals = j.get("totals");
    assertThat(totals.get("succeeded").asLong()).isZero();
    assertThat(totals.get("run_ms").get("mean").isNull()).isTrue();
    assertThat(totals.get("run_ms").get("p99").isNull()).isTrue();
  }

  @Test
  void showsEachWorkersFiguresAndATotal(TestRedis redis) {
    try (FakeWorker w = new FakeWorker(redis, "default", "w1", 10)) {
      List<NewTask> tasks = new ArrayList<>();
      for (int i = 0; i < 10; i++) tasks.add(NewTask.of("echo", "null").withId("t" + i));
      tasks.set(9, tasks.get(9).withMaxAttempts(1));
      w.queue.submit(tasks, false);
      w.runAll(t -> t.id().equals("t9") ? Outcome.failure(t, "x", 4_000)
          : Outcome.success(t, "null", 2_000));
      w.queue.submit(List.of(NewTask.of("echo", "null").withId("later")), false);

      JsonNode j = Json.tree(stats(redis, "--json", "--window", "10s").out());
      assertThat(j.get("window_s").asInt()).isEqualTo(10);
      JsonNode w1 = j.get("workers").get(0);
      assertThat(w1.get("id").asText()).isEqualTo("w1");
      assertThat(w1.get("host").asText()).isEqualTo("test-host");
      assertThat(w1.get("state").asText()).isEqualTo("active");
      assertThat(w1.get("succeeded").asLong()).isEqualTo(9);
      assertThat(w1.get("failed").asLong()).isEqualTo(1);
      assertThat(w1.get("dead").asLong()).isEqualTo(1);
      assertThat(w1.get("stale").asLong()).isZero();
      assertThat(w1.get("reclaimed").asLong()).isZero();
      assertThat(w1.get("inflight").asLong()).isEqualTo(1);
      assertThat(w1.get("inbox").asLong()).isEqualTo(1);
      assertThat(w1.get("tps_window").asDouble()).isPositive();
      assertThat(w1.get("run_ms").get("mean").asDouble()).isEqualTo(2.2);
      assertThat(w1.get("run_ms").get("p50").asDouble()).isBetween(1.8, 2.2);
      assertThat(j.get("depths").get("inboxes").get("w1").asLong()).isEqualTo(1);
      assertThat(j.get("depths").get("dead").asLong()).isEqualTo(1);
      assertThat(j.get("totals").get("succeeded").asLong()).isEqualTo(9);
      assertThat(j.get("totals").get("dead").asLong()).isEqualTo(1);

      Cli.Result table = stats(redis);
      assertThat(table.code()).isZero();
      List<String> lines = table.outLines();
      assertThat(lines.get(0)).startsWith("queue default  strategy least-concurrency  backlog 0  "
          + "delayed 0  dead 1  window 60s  at ");
      assertThat(lines.get(2)).startsWith("WORKER  HOST       STATE   IN-FLIGHT  INBOX  SUCCEEDED"
          + "  FAILED  DEAD  STALE  RECLAIMED  STOLEN  TASKS/S 60s");
      assertThat(lines.get(3)).startsWith("w1      test-host  active          1      1          9"
          + "       1     1      0          0       0  ");
      assertThat(lines.get(4)).startsWith("TOTAL");
    }
  }

  @Test
  void showsTasksStolenAndEjectedWorkers(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis, "default")) {
      f.queue.setStrategy(Strategy.ROUND_ROBIN, new PlacementOptions(true, null, null));
      f.worker("busy", 1);
      f.submit("t", 4); // all on busy, the only worker
      f.worker("thief", 4);
      assertThat(f.queue.claim("thief", 3)).hasSize(3); // its inbox is empty: it steals three
      f.worker("flaky", 100);
      f.submit("u", 15); // five each
      List<Outcome> failures = new ArrayList<>();
      for (ClaimedTask t : f.queue.claim("flaky", 5)) failures.add(Outcome.failure(t, "x", 10));
      assertThat(failures).hasSize(5);
      f.queue.complete("flaky", failures, 0); // failing far more than the queue: ejected

      JsonNode j = Json.tree(stats(redis, "--json").out());
      JsonNode ws = j.get("workers");
      assertThat(ws).extracting(w -> w.get("id").asText())
          .containsExactly("busy", "flaky", "thief");
      assertThat(ws).extracting(w -> w.get("state").asText())
          .containsExactly("active", "ejected", "active");
      assertThat(ws).extracting(w -> w.get("stolen").asLong()).containsExactly(0L, 0L, 3L);
      assertThat(j.get("totals").get("stolen").asLong()).isEqualTo(3);

      List<String> lines = stats(redis).outLines();
      int stolen = lines.get(2).indexOf("STOLEN") + "STOLEN".length();
      assertThat(lines.get(3)).startsWith("busy ");
      assertThat(lines.get(4)).startsWith("flaky ").contains(" ejected ");
      assertThat(lines.get(5)).startsWith("thief ");
      assertThat(lines.get(5).substring(0, stolen)).endsWith(" 3");
      assertThat(lines.get(6)).startsWith("TOTAL");
      assertThat(lines.get(6).substring(0, stolen)).endsWith(" 3");
    }
  }

  @Test
  void aWindowOutsideOneSecondToOneHourIsBadUsage(TestRedis redis) {
    for (String window : List.of("500ms", "2h")) {
      Cli.Result r = stats(redis, "--window", window);
      assertThat(r.code()).isEqualTo(2);
      assertThat(r.errLines()).hasSize(1);
      assertThat(r.err()).contains("window", "1s to 1h");
    }
    Cli.Result every = stats(redis, "--every", "1s");
    assertThat(every.code()).isEqualTo(2);
    assertThat(every.err()).contains("--every needs --watch");
    assertThat(redis.probe().dbsize()).isZero();
  }
}
