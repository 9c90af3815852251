package io.tasklane.scheduler.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tasklane.cli.Commands;
import io.tasklane.redis.Keys;
import io.tasklane.task.NewTask;
import io.tasklane.testing.RedisExtension;
import io.tasklane.testing.TestRedis;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisExtension.class)
class DispatcherCommandTest {
  private static final Keys K = Keys.of("jobs");

  @Test
  void anUnknownStrategyIsBadUsageListingTheValidOnes(TestRedis redis) {
    Cli.Result r = Cli.run(new DispatcherCommand(), "--redis", redis.url(), "--strategy",
        "fastest");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.errLines()).containsExactly("dispatcher: unknown strategy 'fastest': use one of "
        + "round-robin, least-concurrency (see --help)");
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
}
