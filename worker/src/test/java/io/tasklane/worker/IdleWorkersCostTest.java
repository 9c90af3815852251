package io.tasklane.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.tasklane.testing.RedisExtension;
import io.tasklane.testing.RedisProbe;
import io.tasklane.testing.TestRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A guard against idle workers growing expensive: a few idle workers with short timers run for
 * a number of heartbeat periods, and the Redis commands they cause (INFO commandstats, which
 * counts the commands scripts run too) are divided by the periods that passed. Not a timing:
 * a slow machine only lowers the count. By design an idle worker costs about 5 commands per
 * heartbeat period here: its beat (4), a claim poll every ten beats (0.4), a request for the
 * recovery turn (0.2) and its share of one recovery round per period for the pool (about 0.4).
 */
@ExtendWith(RedisExtension.class)
class IdleWorkersCostTest {
  private static final int WORKERS = 3;
  private static final Duration HEARTBEAT = Duration.ofMillis(100);
  private static final Duration RECOVER_EVERY = Duration.ofMillis(500);
  private static final int PERIODS = 40;

  private static Map<String, Long> commands(RedisProbe probe) {
    Map<String, Long> out = new TreeMap<>();
    for (String line : probe.info("commandstats").split("\r?\n")) {
      int colon = line.indexOf(':');
      int at = line.indexOf("calls=");
      if (!line.startsWith("cmdstat_") || colon < 0 || at < 0) continue;
      String name = line.substring("cmdstat_".length(), colon);
      if (name.equals("info") || name.startsWith("config")) continue;
      out.put(name, Long.parseLong(line.substring(at + 6, line.indexOf(',', at))));
    }
    return out;
  }

  private static Map<String, Long> minus(Map<String, Long> after, Map<String, Long> before) {
    Map<String, Long> out = new TreeMap<>();
    after.forEach((k, v) -> {
      long d = v - before.getOrDefault(k, 0L);
      if (d > 0) out.put(k, d);
    });
    return out;
  }

  @Test
  void idleWorkersCostAboutFiveCommandsPerHeartbeatPeriodEach(TestRedis redis)
      throws Exception {
    List<Worker> workers = new ArrayList<>();
    try {
      for (int i = 1; i <= WORKERS; i++) {
        workers.add(TestWorkers.start(redis, TestWorkers.config("idle-" + i, 4)
            .heartbeat(HEARTBEAT).ttl(Duration.ofSeconds(1)).recoverEvery(RECOVER_EVERY)
            .build()));
      }
      Thread.sleep(RECOVER_EVERY.toMillis() * 2); // past the start: registration, first claims
      RedisProbe p = redis.probe();
      Map<String, Long> before = commands(p);
      long start = System.nanoTime();
      Thread.sleep(HEARTBEAT.toMillis() * PERIODS);
      Map<String, Long> spent = minus(commands(p), before);
      double elapsedMs = (System.nanoTime() - start) / 1e6;

      double periods = elapsedMs / HEARTBEAT.toMillis();
      long total = spent.values().stream().mapToLong(Long::longValue).sum();
      double perWorkerPerPeriod = total / (WORKERS * periods);
      // 12.7 before the heartbeat lost its writes, the poll its pace and recovery its turns
      assertThat(perWorkerPerPeriod).as("commands per idle worker per heartbeat period: %s",
          spent).isLessThanOrEqualTo(5.5);
      // One recovery round per period for the whole pool, not one per worker: each round reads
      // the expiry set once (ZRANGEBYSCORE); nothing else idle does.
      long rounds = spent.getOrDefault("zrangebyscore", 0L);
      assertThat(rounds).as("recovery rounds: %s", spent)
          .isLessThanOrEqualTo((long) (elapsedMs / RECOVER_EVERY.toMillis()) + 2);
    } finally {
      for (Worker w : workers) w.shutdown(Duration.ofSeconds(5));
    }
  }
}
