package io.tasklane.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.tasklane.client.TasklaneClient;
import io.tasklane.dispatch.Strategy;
import io.tasklane.handler.TaskContext;
import io.tasklane.handler.TaskHandler;
import io.tasklane.redis.Keys;
import io.tasklane.redis.Redis;
import io.tasklane.redis.TaskQueue;
import io.tasklane.task.ClaimedTask;
import io.tasklane.task.NewTask;
import io.tasklane.task.TaskFields;
import io.tasklane.task.TaskStatus;
import io.tasklane.testing.RedisExtension;
import io.tasklane.testing.RedisProbe;
import io.tasklane.testing.TestRedis;
import io.tasklane.worker.handlers.BuiltInHandlers;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/** A claim the worker never received (its reply was lost) is taken back while the worker lives. */
@ExtendWith(RedisExtension.class)
class ReconcileTest {
  private static final Keys KEYS = Keys.of(TestWorkers.QUEUE);

  @Test
  void takesBackAClaimTheWorkerDoesNotKnow(TestRedis redis) throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    TaskHandler gated = new TaskHandler() {
      @Override public String type() { return "gated"; }

      @Override
      public String handle(TaskContext task) throws InterruptedException {
        gate.await();
        return "{\"done\":true}";
      }
    };
    HandlerRegistry handlers = HandlerRegistry.of(
        BuiltInHandlers.all(1.0, RandomGenerator.getDefault()), List.of(gated));
    // Claims older than twice the call timeout (500 ms here) that the worker lacks are orphans.
    WorkerConfig config = TestWorkers.config("w1", 1).redisTimeout(Duration.ofMillis(250))
        .build();
    Logger logger = (Logger) LoggerFactory.getLogger(Heartbeater.class);
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    logger.addAppender(log);
    RedisProbe p = redis.probe();
    try (Redis conn = redis.connect(); TasklaneClient client = TestWorkers.client(redis.url())) {
      TaskQueue queue = new TaskQueue(conn, TestWorkers.QUEUE, Clock.systemUTC());
      // Round-robin feeds a full worker too, so the second task waits in its inbox.
      queue.setStrategy(Strategy.ROUND_ROBIN);
      Worker worker = TestWorkers.start(TestWorkers.connector(redis.url(), config), config,
          handlers);
      try {
        String busy = client.submit(NewTask.of("gated", "{}"));
        await().atMost(Duration.ofSeconds(5))
            .until(() -> TaskStatus.RUNNING.code()
                .equals(p.hget(KEYS.task(busy), TaskFields.STATUS)));
        String orphan = client.submit(NewTask.of("echo", "\"orphan\""));

        // Claimed behind the worker's back: Redis counts it as running on w1, w1 never saw it.
        List<ClaimedTask> lost = queue.claim("w1", 1);
        assertThat(lost).extracting(ClaimedTask::id).containsExactly(orphan);

        await().atMost(Duration.ofSeconds(5))
            .until(() -> TaskStatus.ASSIGNED.code()
                .equals(p.hget(KEYS.task(orphan), TaskFields.STATUS)));
        assertThat(p.zrange(KEYS.active("w1"))).containsExactly(busy);
        assertThat(p.lrange(KEYS.inbox("w1"))).containsExactly(orphan);
        gate.countDown();

        assertThat(client.await(orphan, Duration.ofSeconds(5)).result()).isEqualTo("\"orphan\"");
        assertThat(p.hgetall(KEYS.task(orphan)))
            .containsEntry(TaskFields.STATUS, TaskStatus.SUCCEEDED.code())
            .containsEntry(TaskFields.WORKER, "w1").containsEntry(TaskFields.ATTEMPT, "2");
        assertThat(client.await(busy, Duration.ofSeconds(5)).result())
            .isEqualTo("{\"done\":true}");
        assertThat(p.hget(KEYS.worker("w1"), "state")).isEqualTo("active");
        assertThat(p.hget(KEYS.stats("w1"), "stale")).isNull();
        assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage)
            .contains("took back 1 task(s) Redis counted as running on worker w1 but the "
                + "worker never received (a claim reply or a wake-up carrying tasks was lost)");
      } finally {
        gate.countDown();
        worker.shutdown(Duration.ofSeconds(5));
      }
    } finally {
      logger.detachAppender(log);
    }
  }
}
