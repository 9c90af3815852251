package io.tasklane.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tasklane.task.TaskFields;
import io.tasklane.task.TaskStatus;
import io.tasklane.testing.RedisExtension;
import io.tasklane.testing.TestRedis;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The whole system as people run it: a dispatcher and three worker JVMs, tasks submitted with
 * the real submit-task entry point, figures read with result-stats.
 */
@ExtendWith(RedisExtension.class)
class EndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int TASKS = 5_000;

  @Test
  void roundRobinRunsEveryTaskOnceSpreadEvenlyAndStatsAddUp(TestRedis redis) throws Exception {
    try (Cluster c = new Cluster(redis)) {
      c.dispatcher("round-robin");
      List<JavaProcess> workers = List.of(c.worker("e2e-a", "--concurrency", "4"),
          c.worker("e2e-b", "--concurrency", "8"), c.worker("e2e-c", "--concurrency", "16"));
      List<String> lines = new ArrayList<>();
      for (int i = 0; i < TASKS; i++) {
        String line = switch (i % 4) {
          case 0 -> "{\"id\":\"t-" + i + "\",\"type\":\"echo\",\"payload\":{\"n\":" + i + "}}";
          case 1 -> "{\"id\":\"t-" + i + "\",\"type\":\"noop\"}";
          case 2 -> "{\"id\":\"t-" + i + "\",\"type\":\"upper\",\"payload\":{\"text\":\"x" + i + "\"}}";
          default -> "{\"id\":\"t-" + i + "\",\"type\":\"cpu\",\"payload\":{\"rounds\":10}}";
        };
        lines.add(line);
      }
      JavaProcess.Result submit = c.submit("--from", Cluster.jsonLines(lines).toString(), "--wait");
      assertThat(submit.exit()).as(submit.stderr()).isZero();
      assertThat(submit.stdout()).contains("submitted " + TASKS + " tasks");

      Map<String, Integer> perWorker = new HashMap<>();
      for (int i = 0; i < TASKS; i++) {
        Map<String, String> h = c.probe.hgetall(c.keys.task("t-" + i));
        assertThat(h.get(TaskFields.STATUS)).as("t-" + i).isEqualTo(TaskStatus.SUCCEEDED.code());
        assertThat(h.get(TaskFields.ATTEMPT)).as("t-" + i + " ran once").isEqualTo("1");
        perWorker.merge(h.get(TaskFields.WORKER), 1, Integer::sum);
        if (i % 4 == 0) assertThat(h.get(TaskFields.RESULT)).isEqualTo("{\"n\":" + i + "}");
        if (i % 4 == 2) {
          assertThat(h.get(TaskFields.RESULT)).isEqualTo("{\"text\":\"X" + i + "\"}");
        }
      }
      assertThat(perWorker).containsOnlyKeys("e2e-a", "e2e-b", "e2e-c");
      int max = perWorker.values().stream().mapToInt(Integer::intValue).max().getAsInt();
      int min = perWorker.values().stream().mapToInt(Integer::intValue).min().getAsInt();
      assertThat(max - min).as("round-robin spread " + perWorker).isLessThanOrEqualTo(1);

      JavaProcess.Result stats = c.command(Cluster.STATS, "--json");
      assertThat(stats.exit()).as(stats.stderr()).isZero();
      JsonNode s = JSON.readTree(stats.stdout());
      assertThat(s.get("strategy").asText()).isEqualTo("round-robin");
      assertThat(s.get("totals").get("succeeded").asLong()).isEqualTo(TASKS);
      assertThat(s.get("totals").get("failed").asLong()).isZero();
      long sum = 0;
      for (JsonNode w : s.get("workers")) {
        assertThat(w.get("succeeded").asLong())
            .isEqualTo((long) perWorker.get(w.get("id").asText()));
        sum += w.get("succeeded").asLong();
      }
      assertThat(sum).isEqualTo(TASKS);
      assertThat(s.get("totals").get("tps_lifetime").asDouble()).isPositive();

      JavaProcess.Result status = c.command(Cluster.STATUS, "t-0", "--json");
      assertThat(status.exit()).isZero();
      assertThat(JSON.readTree(status.stdout()).get(0).get("result").get("n").asInt()).isZero();

      for (JavaProcess w : workers) assertThat(w.terminate(30)).isZero();
      assertThat(c.probe.hget(c.keys.worker("e2e-a"), "state")).isEqualTo("gone");
    }
  }

  @Test
  void leastConcurrencyGivesASlowWorkerFewerTasks(TestRedis redis) throws Exception {
    try (Cluster c = new Cluster(redis)) {
      c.dispatcher("least-concurrency");
      c.worker("fast-1", "--concurrency", "4");
      c.worker("fast-2", "--concurrency", "4");
      c.worker("slow", "--concurrency", "4", "--sleep-scale", "4");
      List<String> lines = new ArrayList<>();
      for (int i = 0; i < 600; i++) {
        lines.add("{\"id\":\"s-" + i + "\",\"type\":\"sleep\",\"payload\":{\"ms\":10}}");
      }
      JavaProcess.Result submit = c.submit("--from", Cluster.jsonLines(lines).toString(), "--wait");
      assertThat(submit.exit()).as(submit.stderr()).isZero();
      Map<String, Integer> perWorker = new HashMap<>();
      for (int i = 0; i < 600; i++) {
        Map<String, String> h = c.probe.hgetall(c.keys.task("s-" + i));
        assertThat(h.get(TaskFields.STATUS)).isEqualTo(TaskStatus.SUCCEEDED.code());
        perWorker.merge(h.get(TaskFields.WORKER), 1, Integer::sum);
      }
      assertThat(perWorker.getOrDefault("slow", 0) * 2)
          .as("slow worker gets far fewer tasks: " + perWorker)
          .isLessThan(perWorker.get("fast-1")).isLessThan(perWorker.get("fast-2"));
    }
  }

  @Test
  void aFailingTaskExitsOneWithItsErrorWhenWaitedFor(TestRedis redis) throws Exception {
    try (Cluster c = new Cluster(redis)) {
      c.worker("w", "--concurrency", "2");
      JavaProcess.Result ok = c.submit("echo", "--payload", "{\"a\":[1,2]}", "--wait");
      assertThat(ok.exit()).as(ok.stderr()).isZero();
      assertThat(JSON.readTree(ok.stdout())).isEqualTo(JSON.readTree("{\"a\":[1,2]}"));
      JavaProcess.Result bad = c.submit("fail", "--payload", "{\"message\":\"no luck\"}",
          "--max-attempts", "1", "--wait");
      assertThat(bad.exit()).isEqualTo(1);
      assertThat(bad.errorLines()).hasSize(1);
      assertThat(bad.errorLines().get(0)).contains("no luck");
    }
  }

  @Test
  void badInputGivesOneLineAnExitCodeAndLeavesRedisEmpty(TestRedis redis) throws Exception {
    try (Cluster c = new Cluster(redis)) {
      Path bad = Cluster.jsonLines(List.of("{\"type\":\"echo\",\"payload\":1}",
          "{\"type\":\"echo\",\"payload\":", "{\"payload\":2}"));
      assertBad(c.submit("echo", "--payload", "{\"a\":"), 2, "not valid JSON");
      assertBad(c.submit("echo", "--id", "has space"), 2, "invalid task id");
      assertBad(c.submit("echo", "--payload-file", "/nonexistent/p.json"), 2, "/nonexistent/p.json");
      assertBad(c.submit("echo", "--wait", "--wait-timeout", "5x"), 2, "invalid duration");
      assertBad(c.submit("echo", "--no-such-option"), 2, "--no-such-option");
      assertBad(c.submit("bad type!"), 2, "invalid task type");
      JavaProcess.Result r = c.submit("--from", bad.toString());
      assertThat(r.exit()).isEqualTo(2);
      assertThat(r.stderr()).contains("line 2").contains("line 3");
      assertThat(c.probe.dbsize()).as("nothing written").isZero();
      assertBad(JavaProcess.run(Cluster.SUBMIT, "echo", "--redis",
          "redis://u:topsecret@127.0.0.1:1"), 3, "redis://u:***@127.0.0.1:1");
      assertBad(JavaProcess.run(Cluster.STATS, "--redis", "redis://127.0.0.1:1"), 3,
          "redis://127.0.0.1:1");
      assertBad(c.command(Cluster.DISPATCHER, "--strategy", "fastest"), 2, "round-robin");
      assertThat(c.probe.dbsize()).as("nothing written").isZero();
    }
  }

  private static void assertBad(JavaProcess.Result r, int exit, String mention) {
    assertThat(r.exit()).as(r.stderr()).isEqualTo(exit);
    assertThat(r.errorLines()).as(r.stderr()).hasSize(1);
    assertThat(r.errorLines().get(0)).contains(mention).doesNotContain("topsecret")
        .doesNotContain("Exception");
  }
}
