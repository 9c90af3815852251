package io.tasklane.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.tasklane.dispatch.Strategy;
import io.tasklane.redis.Redis;
import io.tasklane.redis.RedisUrl;
import io.tasklane.redis.TaskQueue;
import io.tasklane.redis.WorkerInfo;
import io.tasklane.task.ClaimedTask;
import io.tasklane.task.NewTask;
import io.tasklane.task.Outcome;
import io.tasklane.task.TaskStatus;
import io.tasklane.testing.QueueFixture;
import io.tasklane.testing.RedisExtension;
import io.tasklane.testing.RedisServerProcess;
import io.tasklane.testing.TestRedis;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

@ExtendWith(RedisExtension.class)
class DispatcherTest {
  private static final Duration INTERVAL = Duration.ofMillis(20);
  private static final Dispatcher.Periods PERIODS =
      new Dispatcher.Periods(INTERVAL, INTERVAL, INTERVAL, INTERVAL,
          Duration.ofDays(7));

  @Test
  void assignsTheBacklogOnceAWorkerRegisters(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis)) {
      f.queue.setStrategy(Strategy.ROUND_ROBIN);
      f.submit("t", 5);
      assertThat(f.probe.llen(f.keys.backlog())).isEqualTo(5);
      f.worker("w", 1); // takes one task, for its one free slot
      assertThat(f.probe.llen(f.keys.backlog())).isEqualTo(4);
      try (Dispatcher d = new Dispatcher(f.queue, PERIODS, f.clock)) {
        d.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> f.probe.llen(f.keys.inbox("w")) == 5);
      }
      assertThat(f.probe.llen(f.keys.backlog())).isZero();
      assertThat(f.probe.lrange(f.keys.inbox("w")))
          .containsExactly("t-0", "t-1", "t-2", "t-3", "t-4");
    }
  }

  @Test
  void feedsAWorkerThatGainedRoomUnderLeastConcurrency(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis)) {
      f.worker("w", 2);
      f.submit("t", 5);
      assertThat(f.probe.llen(f.keys.backlog())).isEqualTo(3);
      try (Dispatcher d = new Dispatcher(f.queue, PERIODS, f.clock)) {
        d.start();
        f.probe.hset(f.keys.worker("w"), "concurrency", "10");
        f.probe.command("ZADD", f.keys.workers(), "0.2", "w");
        await().atMost(Duration.ofSeconds(10)).until(() -> f.probe.llen(f.keys.inbox("w")) == 5);
      }
      assertThat(f.probe.llen(f.keys.backlog())).isZero();
      assertThat(f.inflight("w")).isEqualTo(5);
    }
  }

  @Test
  void reclaimsADeadWorkersTasksAndPromotesDueRetriesOntoLiveWorkers(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis)) {
      f.worker("gone", 2);
      f.submit("held", 2);
      f.worker("live", 4);
      f.queue.submit(List.of(NewTask.of("echo", "1").withId("retry")), false);
      ClaimedTask retry = f.queue.claim("live", 1).get(0);
      f.queue.complete("live", List.of(Outcome.failure(retry, "flaky", 5)), 0);
      assertThat(f.status("retry")).isEqualTo("retrying");
      f.probe.del(f.keys.alive("gone"));
      f.clock.advance(Duration.ofMinutes(1));
      try (Dispatcher d = new Dispatcher(f.queue, PERIODS, f.clock)) {
        d.start();
        await().atMost(Duration.ofSeconds(10))
            .until(() -> f.probe.llen(f.keys.inbox("live")) == 3);
      }
      assertThat(f.probe.lrange(f.keys.inbox("live")))
          .containsExactlyInAnyOrder("held-0", "held-1", "retry");
      assertThat(f.probe.hget(f.keys.worker("gone"), "state")).isEqualTo("dead");
      assertThat(f.probe.zcard(f.keys.delayed())).isZero();
    }
  }

  @Test
  void ridesOutARedisOutageWithOneWarning() throws Exception {
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    Logger logger = (Logger) LoggerFactory.getLogger(BacklogAssigner.class);
    logs.start();
    logger.addAppender(logs);
    RedisServerProcess server = RedisServerProcess.start();
    try (Redis connection = Redis.connect(RedisUrl.parse(server.url()), Duration.ofSeconds(1),
        Duration.ofSeconds(1), "test");
        Dispatcher d = new Dispatcher(new TaskQueue(connection, "q", Clock.systemUTC()),
            PERIODS, Clock.systemUTC())) {
      d.start();
      server.stop();
      await().atMost(Duration.ofSeconds(10)).until(() -> count(logs, Level.WARN) == 1);

      server = RedisServerProcess.start(server.port(), server.dir());
      try (Redis seed = Redis.connect(RedisUrl.parse(server.url()), Duration.ofSeconds(1),
          Duration.ofSeconds(5), "seed")) {
        TaskQueue q = new TaskQueue(seed, "q", Clock.systemUTC());
        q.setStrategy(Strategy.ROUND_ROBIN);
        List<NewTask> tasks = new ArrayList<>();
        for (int i = 0; i < 4; i++) tasks.add(NewTask.of("echo", "null").withId("t" + i));
        q.submit(tasks, false);
        q.register(new WorkerInfo("w", "h", 1, 1, 1, "test"), Duration.ofSeconds(30));
        List<String> ids = tasks.stream().map(NewTask::id).toList();
        await().atMost(Duration.ofSeconds(30)).until(() -> q.tasks(ids).stream()
            .allMatch(t -> t.status() == TaskStatus.ASSIGNED && "w".equals(t.worker())));
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> logs.list.stream()
          .anyMatch(e -> e.getLevel() == Level.INFO
              && e.getFormattedMessage().contains("working again")));
      assertThat(count(logs, Level.WARN)).isEqualTo(1);
      ILoggingEvent warning = logs.list.stream().filter(e -> e.getLevel() == Level.WARN)
          .findFirst().orElseThrow();
      assertThat(warning.getFormattedMessage()).contains(server.url());
    } finally {
      logger.detachAppender(logs);
      server.close();
    }
  }

  @Test
  void closesItsLoopsInReverseOrder() {
    List<String> events = new ArrayList<>();
    Dispatcher d = new Dispatcher(List.of(loop("a", events), loop("b", events)));
    d.start();
    d.close();
    d.close();
    assertThat(events).containsExactly("start a", "start b", "close b", "close a");
  }

  private static Loop loop(String name, List<String> events) {
    return new Loop() {
      @Override
      public void start() {
        events.add("start " + name);
      }

      @Override
      public void close() {
        events.add("close " + name);
      }
    };
  }

  private static long count(ListAppender<ILoggingEvent> logs, Level level) {
    return logs.list.stream().filter(e -> e.getLevel() == level).count();
  }
}
