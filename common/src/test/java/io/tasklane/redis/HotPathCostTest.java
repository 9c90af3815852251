package io.tasklane.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.tasklane.dispatch.Strategy;
import io.tasklane.task.ClaimedTask;
import io.tasklane.task.NewTask;
import io.tasklane.task.Outcome;
import io.tasklane.testing.QueueFixture;
import io.tasklane.testing.RedisExtension;
import io.tasklane.testing.RedisProbe;
import io.tasklane.testing.RedisServerProcess;
import io.tasklane.testing.TestRedis;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A guard against the hot paths growing: counts the Redis commands (INFO commandstats, which
 * counts the commands a script runs as well as the script call) per task for bulk submit, for
 * claim + complete in batches, and for one task at a time to an idle worker. Not a timing: the
 * counts are exact for a given script, so a change that adds a command per task makes this
 * fail. Raise a limit only on purpose.
 */
@ExtendWith(RedisExtension.class)
class HotPathCostTest {
  private static final int N = 2000;

  private static long totalCalls(RedisProbe probe) {
    return calls(probe, "cmdstat_");
  }

  /** Calls of the commands whose INFO commandstats line starts with {@code prefix}. */
  private static long calls(RedisProbe probe, String prefix) {
    long calls = 0;
    for (String line : probe.info("commandstats").split("\r?\n")) {
      int at = line.indexOf("calls=");
      if (line.startsWith(prefix) && at > 0) {
        calls += Long.parseLong(line.substring(at + 6, line.indexOf(',', at)));
      }
    }
    return calls;
  }

  @Test
  void bulkSubmitIntoTheBacklogCostsAFewCommandsPerTask(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis)) {
      f.worker("w", 50);
      f.submit("warm", 50); // fills the worker: what follows goes to the backlog
      f.probe.command("CONFIG", "RESETSTAT");
      long before = totalCalls(f.probe);
      for (int b = 0; b < N / 500; b++) f.submit("t" + b, 500);
      double perTask = (double) (totalCalls(f.probe) - before) / N;
      // measured 2.0: EXISTS and HSET per task, one RPUSH per batch
      assertThat(perTask).as("commands per submitted task").isLessThanOrEqualTo(2.2);
    }
  }

  @Test
  void roundRobinReadsItsRingAWindowAtATime(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis)) {
      f.queue.setStrategy(Strategy.ROUND_ROBIN);
      for (int i = 0; i < 3; i++) f.worker("w" + i, 1000);
      f.submit("warm", 3); // one task in every inbox
      f.probe.command("CONFIG", "RESETSTAT");
      long before = totalCalls(f.probe);
      for (int b = 0; b < N / 500; b++) f.submit("t" + b, 500);
      double perTask = (double) (totalCalls(f.probe) - before) / N;
      // EXISTS and HSET per task; per batch the ring's window, each worker's load, liveness and
      // in-flight count, one RPUSH each. Measured 2.05 (3.38 with a ring read per pick).
      assertThat(perTask).as("commands per task, round-robin over 3 workers")
          .isLessThanOrEqualTo(2.2);
    }
  }

  @Test
  void assigningAcrossManyWorkersCostsAFewCommandsPerTask(TestRedis redis) {
    int workers = 200;
    try (QueueFixture f = new QueueFixture(redis)) {
      for (int i = 0; i < workers; i++) f.worker(String.format("w%03d", i), 1000);
      f.submit("warm", workers); // one task in every inbox
      // the library loads anew at the first batch, as after a restart
      f.probe.command("FUNCTION", "FLUSH");
      f.probe.command("CONFIG", "RESETSTAT");
      long before = totalCalls(f.probe);
      for (int b = 0; b < N / 500; b++) f.submit("t" + b, 500);
      double perTask = (double) (totalCalls(f.probe) - before) / N;
      // Per task EXISTS and HSET: 2. Per worker and batch its load and liveness (HMGET,
      // EXISTS), its in-flight count (HSET) and one RPUSH: 4 x 200 workers / 500 tasks = 1.6.
      // The loads written back to the index (one ZADD per 200 workers), the heap's reads of the
      // 129 least loaded and the batch itself: a few per batch. Measured 3.63.
      assertThat(perTask).as("commands per task placed on %d workers", workers)
          .isLessThanOrEqualTo(3.8);
      // Every inbox held a task already: no worker needed waking again.
      assertThat(calls(f.probe, "cmdstat_publish:")).isZero();
      // The index's form is asked once after the library loads, not per batch or at each of
      // its write-backs (4 per batch).
      assertThat(calls(f.probe, "cmdstat_object")).as("OBJECT ENCODING calls for %d batches",
          N / 500).isEqualTo(1);
    }
  }

  @Test
  void theIndexesPicksRescoreAreSkipListsFromTheFirstWorkerOn(TestRedis redis) {
    // Up to 128 members Redis keeps a sorted set as a listpack, where every rescore walks the
    // entries: at 100 workers power-of-two's rescore per task cost more than the rest of its
    // submit. A worker entering the indexes turns them into skip lists.
    try (QueueFixture f = new QueueFixture(redis)) {
      f.worker("w1", 4);
      assertSkipLists(f, "w1");
      f.worker("w2", 4);
      assertSkipLists(f, "w1", "w2");
    }
  }

  private static void assertSkipLists(QueueFixture f, Object... workers) {
    for (String index : List.of(f.keys.workers(), f.keys.wrr(), f.keys.latency())) {
      assertThat(f.probe.objectEncoding(index)).as(index).isEqualTo("skiplist");
      // the member that made it one is gone
      assertThat((List<Object>) f.probe.command("ZRANGE", index, "0", "-1")).as(index)
          .containsExactly(workers);
    }
  }

  @Test
  void aLoadIndexLoadedAsAListpackLeavesThatFormBeforeABatchRescoresIt(TestRedis redis) {
    int workers = 100;
    try (QueueFixture f = new QueueFixture(redis)) {
      for (int i = 0; i < workers; i++) f.worker(String.format("w%03d", i), 1000);
      String index = f.keys.workers();
      // as Redis loads a small sorted set from disk: a listpack again
      f.probe.command("ZUNIONSTORE", index + "copy", "1", index);
      f.probe.command("RENAME", index + "copy", index);
      assumeThat(f.probe.objectEncoding(index)).as("a Redis with the default listpack limits")
          .isEqualTo("listpack");
      f.probe.command("FUNCTION", "FLUSH"); // the library loads anew, as at a restart
      f.submit("t", 500); // touches every worker: one ZADD of 100 new scores
      assertThat(f.probe.objectEncoding(index)).isEqualTo("skiplist");
      assertThat((List<?>) f.probe.command("ZRANGE", index, "0", "-1"))
          .hasSize(workers).allSatisfy(m -> assertThat(m.toString()).matches("w\\d{3}"));
      for (int i = 0; i < workers; i++) {
        assertThat(f.probe.hget(f.keys.worker(String.format("w%03d", i)), "inflight"))
            .isEqualTo("5");
      }
    }
  }

  @Test
  void afterARestartEachIndexLeavesTheListpackFormAtItsFirstRescore() throws Exception {
    // Redis loads a sorted set of up to 128 members from disk as a listpack again; the
    // strategies that rescore an index per task (power-of-two, weighted round-robin,
    // least-latency) would walk it on every task until a worker entered the indexes.
    assumeThat(RedisServerProcess.findBinary()).as("redis-server on PATH, to restart").isNotNull();
    int workers = 100;
    RedisServerProcess server = RedisServerProcess.start();
    try {
      try (TestRedis redis = TestRedis.at(server.url());
           QueueFixture f = new QueueFixture(redis)) {
        for (int i = 0; i < workers; i++) f.worker(String.format("w%03d", i), 1000);
        f.probe.command("SAVE");
      }
      server.stop();
      server = RedisServerProcess.start(server.port(), server.dir());
      try (TestRedis redis = TestRedis.at(server.url());
           QueueFixture f = new QueueFixture(redis)) {
        List<String> indexes = List.of(f.keys.workers(), f.keys.wrr(), f.keys.latency());
        for (String index : indexes) {
          assumeThat(f.probe.objectEncoding(index)).as("%s loaded from disk", index)
              .isEqualTo("listpack");
        }
        List<Strategy> strategies = List.of(Strategy.POWER_OF_TWO,
            Strategy.WEIGHTED_ROUND_ROBIN, Strategy.LEAST_LATENCY);
        for (int s = 0; s < strategies.size(); s++) {
          f.queue.setStrategy(strategies.get(s));
          f.submit("t" + s, 1); // one task: a rescore of one worker
          assertThat(f.probe.objectEncoding(indexes.get(s))).as("%s after a task placed by %s",
              indexes.get(s), strategies.get(s)).isEqualTo("skiplist");
          assertThat((List<?>) f.probe.command("ZRANGE", indexes.get(s), "0", "-1"))
              .hasSize(workers).allSatisfy(m -> assertThat(m.toString()).matches("w\\d{3}"));
        }
      }
    } finally {
      server.close();
    }
  }

  @Test
  void aRedisThatKeepsLongMembersInListpacksIsNotAskedAgain(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis)) {
      String before = ((List<?>) f.probe.command("CONFIG", "GET", "zset-max-listpack-value"))
          .get(1).toString();
      f.probe.configSet("zset-max-listpack-value", "10000");
      try {
        f.worker("w1", 4);
        assertThat(f.probe.objectEncoding(f.keys.workers())).isEqualTo("listpack");
        assertThat((List<Object>) f.probe.command("ZRANGE", f.keys.workers(), "0", "-1"))
            .containsExactly("w1");
        f.probe.command("CONFIG", "RESETSTAT");
        f.worker("w2", 4);
        // no second try (each starts by asking OBJECT ENCODING): it would write the long member
        // again, to the AOF and the replicas
        assertThat(calls(f.probe, "cmdstat_object")).isZero();
      } finally {
        f.probe.configSet("zset-max-listpack-value", before);
        // the library remembers the failed try while it stays loaded: later tests load it anew
        f.probe.command("FUNCTION", "FLUSH");
      }
    }
  }

  @Test
  void claimAndCompleteInBatchesCostsAFewCommandsPerTask(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis)) {
      f.worker("w", 50);
      f.submit("t", N); // 50 in the inbox, the rest in the backlog
      f.probe.command("CONFIG", "RESETSTAT");
      long before = totalCalls(f.probe);
      List<ClaimedTask> running = new ArrayList<>(f.queue.claim("w", 50));
      int done = 0;
      while (!running.isEmpty()) {
        List<Outcome> outcomes = new ArrayList<>();
        for (ClaimedTask c : running) outcomes.add(Outcome.success(c, "null", 5));
        done += outcomes.size();
        running = new ArrayList<>(f.queue.complete("w", outcomes, 50).claimed());
      }
      assertThat(done).isEqualTo(N);
      double perTask = (double) (totalCalls(f.probe) - before) / N;
      // measured 4.5: HMGET, HSET per outcome; HMGET, HSET per task pulled from the backlog;
      // per batch one LPOP, ZADD, ZREM, the counters and the script call itself
      assertThat(perTask).as("commands per task for claim + complete").isLessThanOrEqualTo(5.0);
    }
  }

  @Test
  void aTaskForAnIdleWorkerCostsOneSubmitAndOneComplete(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis)) {
      f.queue.register(new WorkerInfo("w", "host", 1, 4, 1, "test", true), QueueFixture.TTL);
      runOneAtATime(f, "warm", 1); // the scripts are loaded on first use
      f.probe.command("CONFIG", "RESETSTAT");
      long before = totalCalls(f.probe);
      long scriptsBefore = calls(f.probe, "cmdstat_fcall:");
      int n = 200;
      runOneAtATime(f, "t", n);
      assertThat(f.status("t" + (n - 1))).isEqualTo("succeeded");
      assertThat(calls(f.probe, "cmdstat_fcall:") - scriptsBefore).isEqualTo(2L * n);
      double perTask = (double) (totalCalls(f.probe) - before) / n;
      // measured 38.0 for the two calls: the submit's store, placement, claim and wake-up (about
      // 13; the task never enters the inbox), the complete's outcome, worker health, counters,
      // throughput slot and event (about 23); a batch shares most of them, a lone task pays all
      assertThat(perTask).as("commands per task sent with the wake-up").isLessThanOrEqualTo(40);
      // HMGET: the submit's placement config and worker load; the complete's placement config,
      // task, worker health, ejection config and worker load. The claim that sends the task
      // with its wake-up uses what the submit wrote instead of reading the hash back.
      assertThat(calls(f.probe, "cmdstat_hmget:")).as("HMGETs for %d lone tasks", n)
          .isEqualTo(7L * n);
    }
  }

  /** Submits n tasks one at a time to idle worker w, which completes each before the next. */
  private static void runOneAtATime(QueueFixture f, String prefix, int n) {
    for (int i = 0; i < n; i++) {
      // the submit claims the task for the idle worker and sends it with the wake-up
      String id = prefix + i;
      f.queue.submit(List.of(NewTask.of("echo", "{}").withId(id)), false);
      f.queue.complete("w", List.of(Outcome.success(
          new ClaimedTask(id, "echo", "{}", 1, 0), "null", 5)), 0);
    }
  }
}
