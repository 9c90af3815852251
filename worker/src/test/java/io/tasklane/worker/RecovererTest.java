package io.tasklane.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.tasklane.client.TasklaneClient;
import io.tasklane.redis.Keys;
import io.tasklane.redis.Redis;
import io.tasklane.redis.TaskQueue;
import io.tasklane.redis.WorkerInfo;
import io.tasklane.task.ClaimedTask;
import io.tasklane.task.NewTask;
import io.tasklane.task.TaskFields;
import io.tasklane.task.TaskInfo;
import io.tasklane.task.TaskStatus;
import io.tasklane.testing.RedisExtension;
import io.tasklane.testing.RedisProbe;
import io.tasklane.testing.TestRedis;
import io.tasklane.worker.handlers.BuiltInHandlers;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/** The recoverer every worker runs: dead workers' tasks come back, due retries run again. */
@ExtendWith(RedisExtension.class)
class RecovererTest {
  private static final Keys KEYS = Keys.of(TestWorkers.QUEUE);

  private final Logger logger = (Logger) LoggerFactory.getLogger(Recoverer.class);
  private final ListAppender<ILoggingEvent> log = new ListAppender<>();

  @BeforeEach
  void captureLog() {
    log.start();
    logger.addAppender(log);
  }

  @AfterEach
  void releaseLog() {
    logger.detachAppender(log);
  }

  @Test
  void takesBackTheTasksOfAWorkerWhoseHeartbeatExpired(TestRedis redis) throws Exception {
    RedisProbe p = redis.probe();
    List<String> ids = new ArrayList<>();
    try (Redis conn = redis.connect(); TasklaneClient client = TestWorkers.client(redis.url())) {
      TaskQueue queue = new TaskQueue(conn, TestWorkers.QUEUE, Clock.systemUTC());
      queue.register(new WorkerInfo("ghost", "host", 1, 4, 1, "test"), Duration.ofMillis(500),
          List.of("echo"));
      for (int i = 0; i < 3; i++) {
        ids.add(client.submit(NewTask.of("echo", "{\"i\":" + i + "}").withMaxAttempts(1)));
      }
      // The ghost starts one task (its only attempt), then stops beating with two in its inbox.
      List<ClaimedTask> started = queue.claim("ghost", 1);
      assertThat(started).extracting(ClaimedTask::id).containsExactly(ids.get(0));
      await().atMost(Duration.ofSeconds(5)).until(() -> !p.exists(KEYS.alive("ghost")));
      assertThat(p.lrange(KEYS.inbox("ghost"))).containsExactly(ids.get(1), ids.get(2));

      Worker worker = TestWorkers.start(redis, TestWorkers.config("w1", 4).build());
      try {
        // Polled, not awaited with the client: reclaim does not announce the task it dead-letters.
        await().atMost(Duration.ofSeconds(5)).until(() -> ids.stream()
            .map(id -> p.hget(KEYS.task(id), TaskFields.STATUS))
            .allMatch(s -> s.equals(TaskStatus.DEAD.code())
                || s.equals(TaskStatus.SUCCEEDED.code())));
      } finally {
        worker.shutdown(Duration.ofSeconds(5));
      }
    }

    assertThat(p.hgetall(KEYS.task(ids.get(0))))
        .containsEntry(TaskFields.STATUS, TaskStatus.DEAD.code())
        .containsEntry(TaskFields.ERROR,
            "worker ghost stopped while running attempt 1 of 1; no attempts left");
    for (String id : ids.subList(1, 3)) {
      assertThat(p.hgetall(KEYS.task(id)))
          .containsEntry(TaskFields.STATUS, TaskStatus.SUCCEEDED.code())
          .containsEntry(TaskFields.WORKER, "w1").containsEntry(TaskFields.ATTEMPT, "1");
    }
    assertThat(p.hget(KEYS.worker("ghost"), "state")).isEqualTo("dead");
    assertThat(p.exists(KEYS.inbox("ghost"))).isFalse();
    assertThat(p.exists(KEYS.active("ghost"))).isFalse();
    assertThat(log.list).filteredOn(e -> e.getLevel() == Level.INFO)
        .extracting(ILoggingEvent::getFormattedMessage)
        .containsOnlyOnce("reclaimed 1 dead worker(s) of queue 'q': 2 tasks requeued, "
            + "1 dead-lettered");
  }

  @Test
  void runsDueRetriesWithNoOtherProcess(TestRedis redis) throws Exception {
    // The fail handler's draws: below 0.5 fails, so attempts 1 and 2 fail and 3 succeeds.
    HandlerRegistry handlers = HandlerRegistry.of(
        BuiltInHandlers.all(1.0, draws(0.1, 0.2, 0.9)), List.of());
    WorkerConfig config = TestWorkers.config("w1", 2).build();
    Worker worker = TestWorkers.start(TestWorkers.connector(redis.url(), config), config,
        handlers);
    try (TasklaneClient client = TestWorkers.client(redis.url())) {
      client.queue().setRetryBackoff(Duration.ofMillis(10), Duration.ofMillis(50));
      String id = client.submit(NewTask.of("fail", "{\"message\":\"flaky\",\"probability\":0.5}")
          .withMaxAttempts(3));

      TaskInfo t = client.await(id, Duration.ofSeconds(5));

      assertThat(t.status()).isEqualTo(TaskStatus.SUCCEEDED);
      assertThat(t.attempt()).isEqualTo(3);
      assertThat(t.result()).isEqualTo("{\"ok\":true}");
      assertThat(redis.probe().hget(KEYS.stats("w1"), "failed")).isEqualTo("2");
      assertThat(redis.probe().llen(KEYS.dead())).isZero();
      assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage)
          .contains("promoted 1 due task(s) of queue 'q' to the backlog");
    } finally {
      worker.shutdown(Duration.ofSeconds(5));
    }
  }

  /** A generator whose nextDouble returns the given values in turn, then the last forever. */
  private static RandomGenerator draws(double... values) {
    AtomicInteger next = new AtomicInteger();
    return new RandomGenerator() {
      @Override public long nextLong() { return 0; }

      @Override
      public double nextDouble() {
        return values[Math.min(next.getAndIncrement(), values.length - 1)];
      }
    };
  }
}
