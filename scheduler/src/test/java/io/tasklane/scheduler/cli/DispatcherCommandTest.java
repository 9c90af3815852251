package io.tasklane.scheduler.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.tasklane.cli.Commands;
import io.tasklane.dispatch.Strategy;
import io.tasklane.redis.Keys;
import io.tasklane.task.NewTask;
import io.tasklane.testing.RedisExtension;
import io.tasklane.testing.TestRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

@ExtendWith(RedisExtension.class)
class DispatcherCommandTest {
  private static final Keys K = Keys.of("jobs");

  @Test
  void anUnknownStrategyIsBadUsageListingTheValidOnes(TestRedis redis) {
    Cli.Result r = Cli.run(new DispatcherCommand(), "--redis", redis.url(), "--strategy",
        "fastest");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.errLines()).containsExactly("dispatcher: unknown strategy 'fastest': use one of "
        + Strategy.names() + " (see --help)");
    assertThat(redis.probe().dbsize()).isZero();
  }

  @Test
  void aZeroIntervalIsBadUsage(TestRedis redis) {
    Cli.Result r = Cli.run(new DispatcherCommand(), "--redis", redis.url(), "--interval", "0s");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--interval");
  }

  @Test
  void setsTheStrategyAndAssignsTheBacklogUntilStopped(TestRedis redis) {
    DispatcherCommand command = new DispatcherCommand();
    CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> Commands.execute(command,
        "--redis", redis.url(), "--queue", "jobs", "--strategy", "round-robin", "--interval",
        "20ms"));
    await().atMost(Duration.ofSeconds(10))
        .until(() -> "round-robin".equals(redis.probe().hget(K.config(), "strategy")));
    try (FakeWorker w = new FakeWorker(redis, "jobs", "w1", 1)) {
      w.queue.submit(List.of(NewTask.of("echo", "1"), NewTask.of("echo", "2"),
          NewTask.of("echo", "3")), false);
      await().atMost(Duration.ofSeconds(10))
          .until(() -> redis.probe().llen(K.inbox("w1")) == 3);
      assertThat(redis.probe().llen(K.backlog())).isZero();
    }
    command.stop();
    assertThat(run.join()).isZero();
  }
  @Test
  void badPeriodsAndRetryDelaysAreBadUsage(TestRedis redis) {
    for (String[] args : List.of(new String[] {"--reap-every", "0s"},
        new String[] {"--promote-every", "11m"}, new String[] {"--retry-base", "0ms"},
        new String[] {"--retry-base", "2s", "--retry-cap", "1s"})) {
      List<String> all = new ArrayList<>(List.of("--redis", redis.url()));
      all.addAll(List.of(args));
      Cli.Result r = Cli.run(new DispatcherCommand(), all.toArray(String[]::new));
      assertThat(r.code()).as(String.join(" ", args)).isEqualTo(2);
      assertThat(r.errLines()).hasSize(1);
      assertThat(r.err()).startsWith("dispatcher: ").contains(args[0]);
    }
    assertThat(redis.probe().dbsize()).isZero();
  }

  @Test
  void storesTheRetryBackoffWhenGivenAndWarnsAboutAnEvictingRedis(TestRedis redis) {
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    Logger logger = (Logger) LoggerFactory.getLogger(DispatcherCommand.class);
    logs.start();
    logger.addAppender(logs);
    redis.probe().configSet("maxmemory-policy", "allkeys-lru");
    try {
      runBriefly(redis, "--retry-base", "2s", "--retry-cap", "1m");
      assertThat(redis.probe().hgetall(K.config())).containsEntry("retry_base_ms", "2000")
          .containsEntry("retry_cap_ms", "60000");
      List<String> warnings = logs.list.stream().filter(e -> e.getLevel() == Level.WARN)
          .map(ILoggingEvent::getFormattedMessage).toList();
      assertThat(warnings).containsExactly("Redis at " + redis.url() + " has maxmemory-policy "
          + "allkeys-lru: when it reaches maxmemory it evicts keys, which loses tasks; set "
          + "maxmemory-policy noeviction");

      runBriefly(redis, "--retry-cap", "500ms");
      assertThat(redis.probe().hgetall(K.config())).containsEntry("retry_base_ms", "500")
          .containsEntry("retry_cap_ms", "500");
      runBriefly(redis, "--retry-base", "10m");
      assertThat(redis.probe().hgetall(K.config())).containsEntry("retry_base_ms", "600000")
          .containsEntry("retry_cap_ms", "600000");
    } finally {
      redis.probe().configSet("maxmemory-policy", "noeviction");
      logger.detachAppender(logs);
    }
    logs.list.clear();
    logger.addAppender(logs);
    try {
      runBriefly(redis);
      assertThat(logs.list).noneMatch(e -> e.getLevel() == Level.WARN);
    } finally {
      logger.detachAppender(logs);
    }
  }

  @Test
  void setsTheStrategyAndPlacementOptionsLeavingOthersAsStored(TestRedis redis) {
    runBriefly(redis, "--strategy", "key-affinity", "--steal", "--steal-keyed",
        "--affinity-bound", "1.5");
    assertThat(redis.probe().hgetall(K.config())).containsEntry("strategy", "key-affinity")
        .containsEntry("steal", "1").containsEntry("steal_keyed", "1")
        .containsEntry("affinity_bound", "1.5");

    // without --strategy the stored one is applied again with the options given
    runBriefly(redis, "--no-steal");
    assertThat(redis.probe().hgetall(K.config())).containsEntry("strategy", "key-affinity")
        .containsEntry("steal", "0").containsEntry("steal_keyed", "1")
        .containsEntry("affinity_bound", "1.5");

    runBriefly(redis, "--no-steal-keyed", "--affinity-bound", "3");
    assertThat(redis.probe().hgetall(K.config())).containsEntry("strategy", "key-affinity")
        .containsEntry("steal", "0").containsEntry("steal_keyed", "0")
        .containsEntry("affinity_bound", "3.0");

    runBriefly(redis, "--strategy", "power-of-two");
    assertThat(redis.probe().hgetall(K.config())).containsEntry("strategy", "power-of-two")
        .containsEntry("steal", "0").containsEntry("steal_keyed", "0")
        .containsEntry("affinity_bound", "3.0");
  }

  @Test
  void placementOptionsOnANewQueueStoreTheDefaultStrategyWithThem(TestRedis redis) {
    runBriefly(redis, "--steal");
    assertThat(redis.probe().hgetall(K.config()))
        .containsEntry("strategy", Strategy.DEFAULT.wire()).containsEntry("steal", "1")
        .doesNotContainKeys("steal_keyed", "affinity_bound");
  }

  @Test
  void withoutPlacementOptionsNothingIsStored(TestRedis redis) {
    runBriefly(redis);
    assertThat(redis.probe().hgetall(K.config()))
        .doesNotContainKeys("strategy", "steal", "steal_keyed", "affinity_bound");
  }

  @Test
  void everyStrategyNameIsAccepted(TestRedis redis) {
    for (Strategy s : Strategy.values()) {
      runBriefly(redis, "--strategy", s.wire());
      assertThat(redis.probe().hget(K.config(), "strategy")).isEqualTo(s.wire());
    }
  }

  @Test
  void anAffinityBoundNotAboveOneIsBadUsage(TestRedis redis) {
    for (String bound : List.of("1", "0.5", "-2", "101", "NaN", "many")) {
      Cli.Result r = Cli.run(new DispatcherCommand(), "--redis", redis.url(), "--affinity-bound",
          bound);
      assertThat(r.code()).as(bound).isEqualTo(2);
      assertThat(r.errLines()).as(bound).hasSize(1);
      assertThat(r.err()).startsWith("dispatcher: ").contains("--affinity-bound");
    }
    assertThat(redis.probe().dbsize()).isZero();
  }

  /** Runs the dispatcher on queue jobs until it has started, then stops it. */
  private static void runBriefly(TestRedis redis, String... args) {
    DispatcherCommand command = new DispatcherCommand();
    List<String> all = new ArrayList<>(List.of("--redis", redis.url(), "--queue", "jobs"));
    all.addAll(List.of(args));
    CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() ->
        Commands.execute(command, all.toArray(String[]::new)));
    await().atMost(Duration.ofSeconds(10)).until(() -> command.started() || run.isDone());
    command.stop();
    assertThat(run.join()).isZero();
  }
}
