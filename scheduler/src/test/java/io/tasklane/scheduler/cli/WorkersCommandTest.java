package io.tasklane.scheduler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.dispatch.Strategy;
import io.tasklane.redis.WorkerInfo;
import io.tasklane.task.ClaimedTask;
import io.tasklane.task.Json;
import io.tasklane.task.Outcome;
import io.tasklane.testing.QueueFixture;
import io.tasklane.testing.RedisExtension;
import io.tasklane.testing.TestRedis;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisExtension.class)
class WorkersCommandTest {

  private static Cli.Result run(TestRedis redis, String subcommand, String... args) {
    List<String> all = new ArrayList<>(List.of(subcommand, "--redis", redis.url()));
    all.addAll(List.of(args));
    return Cli.run(new WorkersCommand(), all.toArray(String[]::new));
  }

  private static void assertBadInput(Cli.Result r, String line) {
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.errLines()).containsExactly(line);
  }

  /**
   * Round-robin over three workers, five tasks each: "a" (8 slots) ran two in 2 ms each, "b"
   * (4 slots, weight 3) ran none, "flaky" (100 slots) failed all five and was ejected.
   */
  private static QueueFixture seed(TestRedis redis) {
    QueueFixture f = new QueueFixture(redis, "default");
    f.queue.setStrategy(Strategy.ROUND_ROBIN);
    f.worker("a", 8);
    f.queue.register(new WorkerInfo("b", "host-b", 1, 4, 3, "test"), QueueFixture.TTL);
    f.worker("flaky", 100);
    f.submit("t", 15);
    for (ClaimedTask t : f.queue.claim("a", 2)) {
      f.queue.complete("a", List.of(Outcome.success(t, "null", 2_000)), 0);
    }
    List<Outcome> failures = new ArrayList<>();
    for (ClaimedTask t : f.queue.claim("flaky", 5)) failures.add(Outcome.failure(t, "x", 1_000));
    f.queue.complete("flaky", failures, 0);
    assertThat(f.probe.hget(f.keys.worker("flaky"), "state")).isEqualTo("ejected");
    return f;
  }

  @Test
  void listOfAQueueWithoutWorkers(TestRedis redis) {
    Cli.Result r = run(redis, "list");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("no workers in queue 'default'\n");
    Cli.Result j = run(redis, "list", "--json");
    assertThat(j.code()).isZero();
    assertThat(Json.tree(j.out()).toString()).isEqualTo("{\"queue\":\"default\",\"workers\":[]}");
  }

  @Test
  void listShowsEachWorkersStateSlotsLoadAndRunTime(TestRedis redis) {
    try (QueueFixture f = seed(redis)) {
      assertThat(run(redis, "drain", "b").code()).isZero();
      long now = f.clock.millis();

      Cli.Result r = run(redis, "list", "--json");
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.err()).isEmpty();
      JsonNode j = Json.tree(r.out());
      assertThat(j.get("queue").asText()).isEqualTo("default");
      JsonNode ws = j.get("workers");
      assertThat(ws).hasSize(3);
      JsonNode a = ws.get(0);
      assertThat(a.properties()).extracting(Map.Entry::getKey).containsExactly("id", "host",
          "state", "concurrency", "weight", "inflight", "inbox", "ewma_run_ms", "ejected_until",
          "last_seen");
      assertThat(a.get("id").asText()).isEqualTo("a");
      assertThat(a.get("host").asText()).isEqualTo("host");
      assertThat(a.get("state").asText()).isEqualTo("active");
      assertThat(a.get("concurrency").asLong()).isEqualTo(8);
      assertThat(a.get("weight").asLong()).isEqualTo(1);
      assertThat(a.get("inflight").asLong()).isEqualTo(3);
      assertThat(a.get("inbox").asLong()).isEqualTo(3);
      assertThat(a.get("ewma_run_ms").asDouble()).isEqualTo(2.0);
      assertThat(a.get("ejected_until").isNull()).isTrue();
      assertThat(a.get("last_seen").asText()).isEqualTo(Instant.ofEpochMilli(now).toString());

      JsonNode b = ws.get(1);
      assertThat(b.get("id").asText()).isEqualTo("b");
      assertThat(b.get("host").asText()).isEqualTo("host-b");
      assertThat(b.get("state").asText()).isEqualTo("draining");
      assertThat(b.get("concurrency").asLong()).isEqualTo(4);
      assertThat(b.get("weight").asLong()).isEqualTo(3);
      assertThat(b.get("inflight").asLong()).isEqualTo(5);
      assertThat(b.get("ewma_run_ms").isNull()).isTrue();

      JsonNode flaky = ws.get(2);
      assertThat(flaky.get("state").asText()).isEqualTo("ejected");
      assertThat(flaky.get("inflight").asLong()).isZero();
      assertThat(flaky.get("ewma_run_ms").asDouble()).isEqualTo(1.0);
      long until = Long.parseLong(f.probe.hget(f.keys.worker("flaky"), "ejected_until"));
      assertThat(until).isGreaterThan(now);
      assertThat(flaky.get("ejected_until").asText())
          .isEqualTo(Instant.ofEpochMilli(until).toString());

      Cli.Result table = run(redis, "list");
      assertThat(table.code()).isZero();
      List<String> lines = table.outLines();
      assertThat(lines).hasSize(4);
      assertThat(lines.get(0)).isEqualTo("WORKER  HOST    STATE     CONCURRENCY  WEIGHT  IN-FLIGHT"
          + "  INBOX  EWMA MS  EJECTED UNTIL         LAST SEEN");
      assertThat(lines.get(1)).isEqualTo("a       host    active              8       1          3"
          + "      3     2.00  -                     " + Instant.ofEpochMilli(now));
      assertThat(lines.get(2)).startsWith("b       host-b  draining            4       3          5"
          + "      5        -  -  ");
      assertThat(lines.get(3)).startsWith("flaky   host    ejected           100       1          0"
          + "      0     1.00  " + Instant.ofEpochMilli(until) + "  ");
    }
  }

  @Test
  void drainTakesAWorkerOutOfPlacementAndUndrainPutsItBack(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis, "default")) {
      f.worker("w1", 4);
      f.worker("w2", 4);
      Cli.Result drained = run(redis, "drain", "w1");
      assertThat(drained.code()).as(drained.err()).isZero();
      assertThat(drained.err()).isEmpty();
      assertThat(drained.out()).isEqualTo("worker w1 is draining: it finishes what it holds and "
          + "gets nothing new\n");
      assertThat(f.probe.hget(f.keys.worker("w1"), "state")).isEqualTo("draining");
      assertThat(f.probe.zrange(f.keys.workers())).containsExactly("w2");
      f.submit("t", 3);
      assertThat(f.probe.llen(f.keys.inbox("w1"))).isZero();
      assertThat(f.probe.llen(f.keys.inbox("w2"))).isEqualTo(3);

      Cli.Result back = run(redis, "undrain", "w1");
      assertThat(back.code()).as(back.err()).isZero();
      assertThat(back.out()).isEqualTo("worker w1 takes tasks again\n");
      assertThat(f.probe.hget(f.keys.worker("w1"), "state")).isEqualTo("active");
      assertThat(f.probe.zrange(f.keys.workers())).containsExactlyInAnyOrder("w1", "w2");
      f.submit("u", 1);
      assertThat(f.workerOf("u-0")).isEqualTo("w1");

      assertBadInput(run(redis, "undrain", "w1"),
          "workers undrain: worker w1 is not draining (it is active)");
    }
  }

  @Test
  void unknownGoneAndInvalidWorkersAreBadInput(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis, "default")) {
      f.worker("left", 2);
      f.queue.deregister("left");
      assertBadInput(run(redis, "drain", "nobody"),
          "workers drain: worker nobody is not registered in queue 'default'");
      assertBadInput(run(redis, "drain", "left"),
          "workers drain: worker left is gone (it deregistered): there is nothing to drain");
      assertBadInput(run(redis, "undrain", "nobody"),
          "workers undrain: worker nobody is not registered in queue 'default'");
      assertBadInput(run(redis, "undrain", "left"),
          "workers undrain: worker left is not draining (it is gone)");
      for (String sub : List.of("drain", "undrain")) {
        Cli.Result r = run(redis, sub, "no such/worker");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().asString()
            .startsWith("workers " + sub + ": invalid worker id 'no such/worker'");
      }
      assertThat(f.probe.hget(f.keys.worker("left"), "state")).isEqualTo("gone");
      assertThat(f.probe.exists(f.keys.worker("nobody"))).isFalse();
    }
  }

  @Test
  void aDrainingWorkerWhoseHeartbeatLapsedCannotBeUndrained(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis, "default")) {
      f.worker("w1", 2);
      assertThat(run(redis, "drain", "w1").code()).isZero();
      f.probe.del(f.keys.alive("w1"));
      assertBadInput(run(redis, "undrain", "w1"), "workers undrain: worker w1 is draining but "
          + "not alive (its heartbeat lapsed): it cannot take tasks");
      assertThat(f.probe.hget(f.keys.worker("w1"), "state")).isEqualTo("draining");
      assertThat(f.probe.zcard(f.keys.workers())).isZero();
    }
  }

  @Test
  void withoutASubcommandItIsBadUsage(TestRedis redis) {
    Cli.Result r = Cli.run(new WorkersCommand());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.errLines()).containsExactly("workers: missing subcommand: list, drain or "
        + "undrain (see --help)");
    Cli.Result missingId = run(redis, "drain");
    assertThat(missingId.code()).isEqualTo(2);
    assertThat(missingId.errLines()).hasSize(1);
  }
}
