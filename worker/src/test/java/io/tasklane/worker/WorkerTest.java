package io.tasklane.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.tasklane.client.TasklaneClient;
import io.tasklane.error.InvalidInputException;
import io.tasklane.handler.TaskContext;
import io.tasklane.handler.TaskHandler;
import io.tasklane.redis.Keys;
import io.tasklane.task.NewTask;
import io.tasklane.task.TaskFields;
import io.tasklane.task.TaskInfo;
import io.tasklane.task.TaskStatus;
import io.tasklane.testing.RedisExtension;
import io.tasklane.testing.RedisProbe;
import io.tasklane.testing.TestRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/** A worker in this JVM running tasks from a real Redis, asserting the raw task hashes. */
@ExtendWith(RedisExtension.class)
class WorkerTest {
  private static final Keys KEYS = Keys.of(TestWorkers.QUEUE);

  @Test
  void completesManyEchoTasksWithAboutOneScriptCallEach(TestRedis redis) throws Exception {
    Worker worker = TestWorkers.start(redis, TestWorkers.config("w1", 4)
        .recoverEvery(Duration.ofMinutes(1)).build());
    try (TasklaneClient client = TestWorkers.client(redis.url())) {
      List<NewTask> tasks = new ArrayList<>();
      for (int i = 0; i < 200; i++) tasks.add(NewTask.of("echo", "{\"i\":" + i + ", \"s\":\"é\"}"));
      long scriptsBefore = scriptCalls(redis.probe());

      client.submitAll(tasks, false, null);
      client.awaitAll(tasks.stream().map(NewTask::id).toList(), Duration.ofSeconds(20), null);

      long scripts = scriptCalls(redis.probe()) - scriptsBefore;
      for (NewTask t : tasks) {
        Map<String, String> h = redis.probe().hgetall(KEYS.task(t.id()));
        assertThat(h).containsEntry(TaskFields.STATUS, TaskStatus.SUCCEEDED.code())
            .containsEntry(TaskFields.WORKER, "w1")
            .containsEntry(TaskFields.RESULT, t.payload()).containsEntry(TaskFields.ATTEMPT, "1");
      }
      // At most one script call per task: outcomes are batched, and claims ride along.
      assertThat(scripts).isLessThanOrEqualTo(tasks.size() + 10);
      assertThat(redis.probe().hget(KEYS.stats("w1"), "succeeded")).isEqualTo("200");
      assertThat(redis.probe().zcard(KEYS.active("w1"))).isZero();
      assertThat(redis.probe().hget(KEYS.worker("w1"), "inflight")).isEqualTo("0");
    } finally {
      worker.shutdown(Duration.ofSeconds(5));
    }
  }

  @Test
  void startsATaskSentWithItsWakeUpWithoutAClaimCall(TestRedis redis) throws Exception {
    Worker worker = TestWorkers.start(redis, TestWorkers.config("w1", 4)
        .heartbeat(Duration.ofSeconds(5)).ttl(Duration.ofSeconds(15))
        .recoverEvery(Duration.ofMinutes(1)).build());
    try (TasklaneClient client = TestWorkers.client(redis.url())) {
      assertThat(redis.probe().hget(KEYS.worker("w1"), "push")).isEqualTo("1");
      client.await(client.submit(NewTask.of("echo", "0")), Duration.ofSeconds(5));
      long scriptsBefore = scriptCalls(redis.probe());

      // one at a time, each to an idle worker: the submit claims it for the worker
      int n = 50;
      for (int i = 0; i < n; i++) {
        String id = client.submit(NewTask.of("echo", "{\"i\":" + i + "}"));
        assertThat(client.await(id, Duration.ofSeconds(5)).result())
            .isEqualTo("{\"i\":" + i + "}");
        assertThat(redis.probe().hget(KEYS.task(id), TaskFields.ATTEMPT)).isEqualTo("1");
      }

      // the submit and the complete; a claim of its own would make three (a heartbeat may fall
      // in the loop)
      long scripts = scriptCalls(redis.probe()) - scriptsBefore;
      assertThat(scripts).isBetween(2L * n, 2L * n + 5);
      assertThat(redis.probe().hget(KEYS.stats("w1"), "succeeded")).isEqualTo(
          Integer.toString(n + 1));
    } finally {
      worker.shutdown(Duration.ofSeconds(5));
    }
  }

  @Test
  void neverRunsMoreTasksAtOnceThanItsConcurrency(TestRedis redis) throws Exception {
    AtomicInteger now = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    TaskHandler counting = new TaskHandler() {
      @Override public String type() { return "count"; }

      @Override
      public String handle(TaskContext task) throws InterruptedException {
        most.accumulateAndGet(now.incrementAndGet(), Math::max);
        try {
          Thread.sleep(task.payload().contains("slow") ? 5 : 0);
          return null;
        } finally {
          now.decrementAndGet();
        }
      }
    };
    WorkerConfig config = TestWorkers.config("w1", 3).build();
    Worker worker = TestWorkers.start(TestWorkers.connector(redis.url(), config), config,
        HandlerRegistry.of(List.of(counting), List.of()));
    try (TasklaneClient client = TestWorkers.client(redis.url())) {
      List<NewTask> tasks = new ArrayList<>();
      for (int i = 0; i < 600; i++) {
        tasks.add(NewTask.of("count", i % 3 == 0 ? "{\"slow\":true}" : "{}"));
      }

      client.submitAll(tasks, false, null);
      client.awaitAll(tasks.stream().map(NewTask::id).toList(), Duration.ofSeconds(30), null);

      assertThat(most.get()).isBetween(1, 3);
      assertThat(redis.probe().hget(KEYS.stats("w1"), "succeeded")).isEqualTo("600");
      assertThat(redis.probe().zcard(KEYS.active("w1"))).isZero();
    } finally {
      worker.shutdown(Duration.ofSeconds(5));
    }
  }

  @Test
  void aFailingTaskWithOneAttemptIsDeadLettered(TestRedis redis) throws Exception {
    Worker worker = TestWorkers.start(redis, TestWorkers.config("w1", 2).build());
    try (TasklaneClient client = TestWorkers.client(redis.url())) {
      String id = client.submit(NewTask.of("fail", "{\"message\":\"disk full\"}")
          .withMaxAttempts(1));

      TaskInfo t = client.await(id, Duration.ofSeconds(10));

      assertThat(t.status()).isEqualTo(TaskStatus.DEAD);
      assertThat(t.error()).isEqualTo("disk full");
      assertThat(t.attempt()).isEqualTo(1);
      assertThat(redis.probe().hgetall(KEYS.task(id)))
          .containsEntry(TaskFields.STATUS, TaskStatus.DEAD.code())
          .containsEntry(TaskFields.ERROR, "disk full").doesNotContainKey(TaskFields.RESULT);
      assertThat(redis.probe().lrange(KEYS.dead())).containsExactly(id);
      assertThat(redis.probe().hget(KEYS.stats("w1"), "failed")).isEqualTo("1");
      assertThat(redis.probe().hget(KEYS.stats("w1"), "dead")).isEqualTo("1");
    } finally {
      worker.shutdown(Duration.ofSeconds(5));
    }
  }

  @Test
  void aFailingTaskIsRetriedUntilItsAttemptsAreUsedUp(TestRedis redis) throws Exception {
    Worker worker = TestWorkers.start(redis, TestWorkers.config("w1", 2).build());
    try (TasklaneClient client = TestWorkers.client(redis.url())) {
      client.queue().setRetryBackoff(Duration.ofMillis(10), Duration.ofMillis(50));
      String id = client.submit(NewTask.of("fail", "{\"message\":\"still broken\"}")
          .withMaxAttempts(3));

      TaskInfo t = client.await(id, Duration.ofSeconds(10));

      assertThat(t.status()).isEqualTo(TaskStatus.DEAD);
      assertThat(t.attempt()).isEqualTo(3);
      assertThat(t.error()).isEqualTo("still broken");
      assertThat(redis.probe().lrange(KEYS.dead())).containsExactly(id);
      assertThat(redis.probe().zcard(KEYS.delayed())).isZero();
      assertThat(redis.probe().hget(KEYS.stats("w1"), "failed")).isEqualTo("3");
      assertThat(redis.probe().hget(KEYS.stats("w1"), "dead")).isEqualTo("1");
    } finally {
      worker.shutdown(Duration.ofSeconds(5));
    }
  }

  @Test
  void tasksNoRetryCanMendAreDeadLetteredAtOnce(TestRedis redis) throws Exception {
    Worker worker = TestWorkers.start(redis, TestWorkers.config("w1", 2).build());
    try (TasklaneClient client = TasklaneClient.builder().redis(redis.url())
        .queue(TestWorkers.QUEUE).anyType().build()) {
      String badPayload = client.submit(NewTask.of("sleep", "{\"ms\":-3}").withMaxAttempts(5));
      String unknown = client.submit(NewTask.of("resize-image", "{}").withMaxAttempts(5));
      String garbled = "garbled-1";
      RedisProbe p = redis.probe();
      p.hset(KEYS.task(garbled), TaskFields.PAYLOAD, "{}");
      p.hset(KEYS.task(garbled), TaskFields.STATUS, TaskStatus.ASSIGNED.code());
      p.hset(KEYS.task(garbled), TaskFields.WORKER, "w1");
      p.hset(KEYS.task(garbled), TaskFields.ATTEMPT, "0");
      p.hset(KEYS.task(garbled), TaskFields.MAX_ATTEMPTS, "5");
      p.command("HINCRBY", KEYS.worker("w1"), "inflight", "1");
      p.command("RPUSH", KEYS.inbox("w1"), garbled);

      assertThat(client.await(badPayload, Duration.ofSeconds(10)))
          .extracting(TaskInfo::status, TaskInfo::attempt, TaskInfo::error)
          .containsExactly(TaskStatus.DEAD, 1, "sleep payload field \"ms\" must be a whole number "
              + "of 0 or more, not -3, as in {\"ms\":100}");
      assertThat(client.await(unknown, Duration.ofSeconds(10)))
          .extracting(TaskInfo::status, TaskInfo::attempt, TaskInfo::error)
          .containsExactly(TaskStatus.DEAD, 1, "no handler for task type 'resize-image' on worker w1");
      assertThat(client.await(garbled, Duration.ofSeconds(10)))
          .extracting(TaskInfo::status, TaskInfo::attempt, TaskInfo::error)
          .containsExactly(TaskStatus.DEAD, 1,
              "the task has no type: its hash in Redis is incomplete");
      assertThat(p.lrange(KEYS.dead())).containsExactlyInAnyOrder(badPayload, unknown, garbled);

      // The worker goes on as before.
      String after = client.submit(NewTask.of("echo", "\"still here\""));
      assertThat(client.await(after, Duration.ofSeconds(10)).result()).isEqualTo("\"still here\"");
    } finally {
      worker.shutdown(Duration.ofSeconds(5));
    }
  }

  @Test
  void aTimedOutAttemptIsRetriedAndItsSlotFreed(TestRedis redis) throws Exception {
    Worker worker = TestWorkers.start(redis, TestWorkers.config("w1", 1).build());
    try (TasklaneClient client = TestWorkers.client(redis.url())) {
      client.queue().setRetryBackoff(Duration.ofMillis(10), Duration.ofMillis(50));
      String slow = client.submit(NewTask.of("sleep", "{\"ms\":60000}").withTimeoutMs(100)
          .withMaxAttempts(2));
      String next = client.submit(NewTask.of("echo", "\"next\""));

      assertThat(client.await(slow, Duration.ofSeconds(10)))
          .extracting(TaskInfo::status, TaskInfo::attempt, TaskInfo::error)
          .containsExactly(TaskStatus.DEAD, 2, "timed out after 100 ms");
      assertThat(client.await(next, Duration.ofSeconds(10)).result()).isEqualTo("\"next\"");
    } finally {
      worker.shutdown(Duration.ofSeconds(5));
    }
  }

  @Test
  void aTypeNoWorkerHasIsRejectedOnceWorkersRegisteredTheirTypes(TestRedis redis)
      throws Exception {
    Worker worker = TestWorkers.start(redis, TestWorkers.config("w1", 1).build());
    try (TasklaneClient client = TestWorkers.client(redis.url())) {
      NewTask unknown = NewTask.of("resize-image", "{}");

      assertThatThrownBy(() -> client.submit(unknown))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageStartingWith("unknown task type 'resize-image'");
      assertThat(redis.probe().exists(KEYS.task(unknown.id()))).isFalse();
      assertThat(redis.probe().hgetall(KEYS.types()))
          .containsKeys("cpu", "echo", "fail", "noop", "reverse", "sleep");
      String known = client.submit(NewTask.of("reverse", "{\"text\":\"ab\"}"));
      assertThat(client.await(known, Duration.ofSeconds(10)).result()).isEqualTo("\"ba\"");
    } finally {
      worker.shutdown(Duration.ofSeconds(5));
    }
  }

  @Test
  void registersItselfAndRefusesAnIdInUse(TestRedis redis) {
    Worker worker = TestWorkers.start(redis, TestWorkers.config("w1", 3).weight(2).build());
    try {
      assertThat(redis.probe().hgetall(KEYS.worker("w1"))).containsEntry("concurrency", "3")
          .containsEntry("weight", "2").containsEntry("state", "active")
          .containsEntry("pid", Long.toString(ProcessHandle.current().pid()))
          .containsKey("version");
      assertThat(redis.probe().exists(KEYS.alive("w1"))).isTrue();

      assertThatThrownBy(() -> TestWorkers.start(redis, TestWorkers.config("w1", 1).build()))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("in use by a live worker");
    } finally {
      worker.shutdown(Duration.ofSeconds(5));
    }
    assertThat(redis.probe().hget(KEYS.worker("w1"), "state")).isEqualTo("gone");
    assertThat(redis.probe().exists(KEYS.alive("w1"))).isFalse();
  }

  @Test
  void warnsOnceWhenRedisMayEvictKeys(TestRedis redis) {
    Logger logger = (Logger) LoggerFactory.getLogger(Worker.class);
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    logger.addAppender(log);
    try {
      TestWorkers.start(redis, TestWorkers.config("w1", 1).build())
          .shutdown(Duration.ofSeconds(1));
      assertThat(log.list).noneMatch(e -> e.getLevel() == Level.WARN);

      redis.probe().configSet("maxmemory-policy", "allkeys-lru");
      TestWorkers.start(redis, TestWorkers.config("w2", 1).build())
          .shutdown(Duration.ofSeconds(1));

      assertThat(log.list).filteredOn(e -> e.getLevel() == Level.WARN).singleElement()
          .extracting(ILoggingEvent::getFormattedMessage)
          .isEqualTo("Redis at " + redis.url() + " has maxmemory-policy allkeys-lru: when it "
              + "reaches maxmemory it evicts keys, which loses tasks; set maxmemory-policy "
              + "noeviction");
    } finally {
      redis.probe().configSet("maxmemory-policy", "noeviction");
      logger.detachAppender(log);
    }
  }

  private static long scriptCalls(RedisProbe probe) {
    long n = 0;
    Matcher m = Pattern.compile("cmdstat_fcall:calls=(\\d+)")
        .matcher(probe.info("commandstats"));
    while (m.find()) n += Long.parseLong(m.group(1));
    return n;
  }
}
