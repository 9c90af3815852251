package io.tasklane.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.tasklane.client.TasklaneClient;
import io.tasklane.error.InvalidInputException;
import io.tasklane.handler.TaskContext;
import io.tasklane.handler.TaskHandler;
import io.tasklane.redis.Keys;
import io.tasklane.redis.Redis;
import io.tasklane.redis.RedisUrl;
import io.tasklane.task.NewTask;
import io.tasklane.task.TaskFields;
import io.tasklane.task.TaskStatus;
import io.tasklane.testing.RedisExtension;
import io.tasklane.testing.RedisProbe;
import io.tasklane.testing.RedisServerProcess;
import io.tasklane.testing.TestRedis;
import io.tasklane.worker.handlers.BuiltInHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/** The worker's progress guarantees: lost wake-ups, a Redis that forgot it, a Redis restart. */
@ExtendWith(RedisExtension.class)
class WorkerRecoveryTest {
  private static final Keys KEYS = Keys.of(TestWorkers.QUEUE);

  @Test
  void theHeartbeatFindsATaskWhoseWakeUpWasLost(TestRedis redis) throws Exception {
    Worker worker = TestWorkers.start(redis, TestWorkers.config("w1", 2)
        .pollInterval(Duration.ofMinutes(10)).build());
    try {
      // Assigned straight into the inbox with no pub/sub message, as if it had been lost.
      RedisProbe p = redis.probe();
      String task = KEYS.task("lost-1");
      p.hset(task, TaskFields.TYPE, "echo");
      p.hset(task, TaskFields.PAYLOAD, "\"found\"");
      p.hset(task, TaskFields.STATUS, TaskStatus.ASSIGNED.code());
      p.hset(task, TaskFields.WORKER, "w1");
      p.hset(task, TaskFields.ATTEMPT, "0");
      p.hset(task, TaskFields.MAX_ATTEMPTS, "3");
      p.hset(task, TaskFields.TIMEOUT_MS, "0");
      p.command("HINCRBY", KEYS.worker("w1"), "inflight", "1");
      p.command("RPUSH", KEYS.inbox("w1"), "lost-1");

      await().atMost(Duration.ofSeconds(5))
          .until(() -> TaskStatus.SUCCEEDED.code().equals(p.hget(task, TaskFields.STATUS)));
      assertThat(p.hget(task, TaskFields.RESULT)).isEqualTo("\"found\"");
    } finally {
      worker.shutdown(Duration.ofSeconds(5));
    }
  }

  @Test
  void registersAgainWhenRedisForgetsIt(TestRedis redis) throws Exception {
    Worker worker = TestWorkers.start(redis, TestWorkers.config("w1", 2).build());
    try (TasklaneClient client = TasklaneClient.builder().redis(redis.url())
        .queue(TestWorkers.QUEUE).build()) {
      redis.probe().flushall();

      await().atMost(Duration.ofSeconds(5))
          .until(() -> "active".equals(redis.probe().hget(KEYS.worker("w1"), "state")));
      // It registered its task types again: unknown types are refused, its own accepted.
      assertThat(redis.probe().hgetall(KEYS.types())).containsKeys("echo", "sleep", "reverse");
      assertThatThrownBy(() -> client.submit(NewTask.of("resize-image", "{}")))
          .isInstanceOf(InvalidInputException.class);
      String id = client.submit(NewTask.of("echo", "{\"after\":\"flush\"}"));
      assertThat(client.await(id, Duration.ofSeconds(5)).worker()).isEqualTo("w1");
    } finally {
      worker.shutdown(Duration.ofSeconds(5));
    }
  }

  @Test
  void registersAgainWithItsTypesAfterARestartThatLostEverything() throws Exception {
    RedisServerProcess server = RedisServerProcess.start();
    String url = server.url();
    WorkerConfig config = TestWorkers.config("w1", 2).build();
    Worker worker = TestWorkers.start(TestWorkers.connector(url, config), config);
    try {
      server.stop();
      server = RedisServerProcess.start(server.port(), server.dir());

      try (TasklaneClient client = TasklaneClient.builder().redis(url).queue(TestWorkers.QUEUE)
          .build()) {
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
            .until(() -> client.queue().snapshot(60).workers().stream()
                .anyMatch(w -> w.id().equals("w1") && w.alive()));
        assertThatThrownBy(() -> client.submit(NewTask.of("resize-image", "{}")))
            .isInstanceOf(InvalidInputException.class)
            .hasMessageStartingWith("unknown task type 'resize-image'");
        String id = client.submit(NewTask.of("echo", "\"fresh\""));
        assertThat(client.await(id, Duration.ofSeconds(5)).result()).isEqualTo("\"fresh\"");
      }
    } finally {
      worker.shutdown(Duration.ofSeconds(5));
      server.close();
    }
  }

  @Test
  void keepsOutcomesThroughARedisRestart() throws Exception {
    String[] durable = {"--appendonly", "yes", "--appendfsync", "always"};
    Logger pumpLogger = (Logger) LoggerFactory.getLogger(TaskPump.class);
    ListAppender<ILoggingEvent> pumpLog = new ListAppender<>();
    pumpLog.start();
    pumpLogger.addAppender(pumpLog);
    RedisServerProcess server = RedisServerProcess.start(durable);
    CountDownLatch gate = new CountDownLatch(1);
    AtomicInteger finishedLocally = new AtomicInteger();
    TaskHandler gated = new TaskHandler() {
      @Override public String type() { return "gated"; }

      @Override
      public String handle(TaskContext task) throws InterruptedException {
        gate.await();
        finishedLocally.incrementAndGet();
        return "{\"done\":true}";
      }
    };
    HandlerRegistry handlers = HandlerRegistry.of(
        BuiltInHandlers.all(1.0, RandomGenerator.getDefault()), List.of(gated));
    String url = server.url();
    Worker worker = TestWorkers.start(() -> Redis.connect(RedisUrl.parse(url),
        Duration.ofSeconds(1), Duration.ofSeconds(1), "test-worker"),
        TestWorkers.config("w1", 4).build(), handlers);
    try {
      List<String> ids = new ArrayList<>();
      try (TasklaneClient client = TasklaneClient.builder().redis(url).queue(TestWorkers.QUEUE)
          .build()) {
        for (int i = 0; i < 4; i++) ids.add(client.submit(NewTask.of("gated", "{}")));
        await().atMost(Duration.ofSeconds(5)).until(() -> client.queue().tasks(ids).stream()
            .allMatch(t -> t.status().wire().equals("running")));
      }

      server.stop();
      gate.countDown();
      await().atMost(Duration.ofSeconds(5)).until(() -> finishedLocally.get() == 4);
      // Redis stays away until the pump has failed to send the outcomes at least once.
      await().atMost(Duration.ofSeconds(10)).until(() -> pumpLog.list.stream()
          .anyMatch(e -> e.getLevel() == Level.WARN));
      server = RedisServerProcess.start(server.port(), server.dir(), durable);

      try (TasklaneClient client = TasklaneClient.builder().redis(url).queue(TestWorkers.QUEUE)
          .build()) {
        client.awaitAll(ids, Duration.ofSeconds(15), null);
        assertThat(client.queue().tasks(ids)).allSatisfy(t -> {
          assertThat(t.status().wire()).isEqualTo("succeeded");
          assertThat(t.result()).isEqualTo("{\"done\":true}");
        });
      }
      assertThat(pumpLog.list).filteredOn(e -> e.getLevel() == Level.WARN).singleElement()
          .satisfies(e -> assertThat(e.getFormattedMessage())
              .startsWith("claim/complete call failed, 4 outcomes kept, retrying with backoff: ")
              .contains(url));
    } finally {
      worker.shutdown(Duration.ofSeconds(5));
      server.close();
      pumpLogger.detachAppender(pumpLog);
    }
  }
}
