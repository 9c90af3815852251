package io.tasklane.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.tasklane.redis.Redis;
import io.tasklane.redis.TaskQueue;
import io.tasklane.task.NewTask;
import io.tasklane.task.TaskFields;
import io.tasklane.task.TaskInfo;
import io.tasklane.task.TaskStatus;
import io.tasklane.testing.QueueFixture;
import io.tasklane.testing.RedisExtension;
import io.tasklane.testing.TestRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

@ExtendWith(RedisExtension.class)
class ReaperTest {
  private static final Duration EVERY = Duration.ofMillis(10);
  private static final Duration KEEP = Duration.ofDays(7);
  private static final Pattern LINE =
      Pattern.compile("reclaimed (\\d+) dead workers?: (\\d+) tasks? requeued, (\\d+) dead-lettered");

  @Test
  void threeReapersRacingTakeEveryTaskOfDeadWorkersBackExactlyOnce(TestRedis redis) {
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    Logger logger = (Logger) LoggerFactory.getLogger(Reaper.class);
    logs.start();
    logger.addAppender(logs);
    List<Redis> connections = new ArrayList<>();
    List<Reaper> reapers = new ArrayList<>();
    try (QueueFixture f = new QueueFixture(redis)) {
      List<String> doomed = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        doomed.add("doomed-" + i);
        f.worker("doomed-" + i, 100);
      }
      List<String> ids = f.submit("t", 1000);
      assertThat(f.probe.llen(f.keys.backlog())).isZero();
      for (String w : doomed) assertThat(f.queue.claim(w, 40)).hasSize(40);
      f.worker("survivor", 300);
      for (String w : doomed) f.probe.del(f.keys.alive(w));
      f.clock.advance(QueueFixture.TTL.plusSeconds(1));

      for (int i = 0; i < 3; i++) {
        Redis c = redis.connect();
        connections.add(c);
        reapers.add(new Reaper(new TaskQueue(c, "q", f.clock), EVERY, KEEP, f.clock));
      }
      reapers.forEach(Reaper::start);
      await().atMost(Duration.ofSeconds(20))
          .until(() -> f.probe.zrange(f.keys.expiry()).equals(List.of("survivor")));
      reapers.forEach(Reaper::close);

      List<String> placed = new ArrayList<>(f.probe.lrange(f.keys.inbox("survivor")));
      assertThat(placed).hasSize(300);
      placed.addAll(f.probe.lrange(f.keys.backlog()));
      assertThat(placed).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(ids);

      List<TaskInfo> tasks = f.queue.tasks(ids);
      assertThat(tasks).extracting(TaskInfo::status)
          .containsOnly(TaskStatus.ASSIGNED, TaskStatus.QUEUED);
      assertThat(tasks.stream().filter(t -> t.attempt() == 1)).hasSize(400);
      assertThat(tasks.stream().filter(t -> t.status() == TaskStatus.ASSIGNED))
          .allMatch(t -> "survivor".equals(t.worker()));
      assertThat(f.probe.llen(f.keys.dead())).isZero();
      for (String w : doomed) {
        assertThat(f.probe.hget(f.keys.worker(w), "state")).isEqualTo("dead");
        assertThat(f.probe.hget(f.keys.stats(w), "reclaimed")).isEqualTo("100");
        assertThat(f.probe.exists(f.keys.inbox(w))).isFalse();
        assertThat(f.probe.exists(f.keys.active(w))).isFalse();
      }

      long workers = 0, requeued = 0;
      for (ILoggingEvent e : logs.list) {
        Matcher m = LINE.matcher(e.getFormattedMessage());
        if (e.getLevel() == Level.INFO && m.matches()) {
          workers += Long.parseLong(m.group(1));
          requeued += Long.parseLong(m.group(2));
        }
      }
      assertThat(workers).isEqualTo(10);
      assertThat(requeued).isEqualTo(1000);
    } finally {
      reapers.forEach(Reaper::close);
      connections.forEach(Redis::close);
      logger.detachAppender(logs);
    }
  }

  @Test
  void deadLettersARunningTaskWithoutAttemptsLeftAndLeavesLiveWorkersAlone(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis)) {
      f.worker("gone", 2);
      f.queue.submit(List.of(NewTask.of("echo", "1").withId("last")
          .withMaxAttempts(1)), false);
      assertThat(f.queue.claim("gone", 1)).hasSize(1);
      f.worker("alive", 2);
      f.probe.del(f.keys.alive("gone"));
      f.clock.advance(QueueFixture.TTL.plusSeconds(1));
      try (Reaper reaper = new Reaper(f.queue, EVERY, KEEP, f.clock)) {
        reaper.start();
        await().atMost(Duration.ofSeconds(10))
            .until(() -> "dead".equals(f.probe.hget(f.keys.worker("gone"), "state")));
      }
      assertThat(f.status("last")).isEqualTo("dead");
      assertThat(f.probe.lrange(f.keys.dead())).containsExactly("last");
      assertThat(f.probe.hget(f.keys.task("last"), TaskFields.ERROR)).contains("gone");
      assertThat(f.probe.hget(f.keys.worker("alive"), "state")).isEqualTo("active");
      assertThat(f.probe.zrange(f.keys.expiry())).containsExactly("alive");
    }
  }

  @Test
  void forgetsWorkersThatLeftLongerAgoThanTheKeepPeriod(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis)) {
      f.worker("old", 1);
      f.worker("recent", 1);
      f.queue.deregister("old");
      f.clock.advance(KEEP.plusMinutes(1));
      f.queue.deregister("recent");
      try (Reaper reaper = new Reaper(f.queue, EVERY, KEEP, f.clock)) {
        reaper.start();
        await().atMost(Duration.ofSeconds(10))
            .until(() -> f.probe.zscore(f.keys.known(), "old") == null);
      }
      assertThat(f.probe.exists(f.keys.worker("old"))).isFalse();
      assertThat(f.probe.zrange(f.keys.known())).containsExactly("recent");
      assertThat(f.probe.hget(f.keys.worker("recent"), "state")).isEqualTo("gone");
    }
  }
}
