package io.tasklane.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.tasklane.dispatch.Strategy;
import io.tasklane.testing.QueueFixture;
import io.tasklane.testing.RedisExtension;
import io.tasklane.testing.TestRedis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisExtension.class)
class DispatchScriptTest {

  @Test
  void assignsUpToTheLimitAndStopsWhenEveryWorkerIsFull(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis)) {
      f.submit("t", 10);
      f.probe.del(f.keys.workers()); // nobody registered yet
      assertThat(f.queue.dispatch(100)).isEqualTo(new DispatchResult(0, 10));
      f.worker("a", 2); // takes 2 on registering
      f.worker("b", 3); // takes 3
      assertThat(f.queue.dispatch(100)).isEqualTo(new DispatchResult(0, 5));
      f.probe.hset(f.keys.worker("b"), "concurrency", "6");
      f.probe.hset(f.keys.worker("b"), "inflight", "3");
      redisZadd(f, "b", 0.5);
      assertThat(f.queue.dispatch(2)).isEqualTo(new DispatchResult(2, 3));
      assertThat(f.queue.dispatch(100)).isEqualTo(new DispatchResult(1, 2));
      assertThat(f.probe.llen(f.keys.inbox("b"))).isEqualTo(6);
    }
  }

  @Test
  void roundRobinDrainsTheBacklogInTurn(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis)) {
      f.queue.setStrategy(Strategy.ROUND_ROBIN);
      f.submit("t", 6);
      f.worker("a", 1); // takes 1 on registering (its free slots)
      f.worker("b", 1);
      f.queue.dispatch(100);
      assertThat(f.probe.llen(f.keys.backlog())).isZero();
      assertThat(f.probe.llen(f.keys.inbox("a")) + f.probe.llen(f.keys.inbox("b"))).isEqualTo(6);
      assertThat(Math.abs(f.probe.llen(f.keys.inbox("a")) - f.probe.llen(f.keys.inbox("b"))))
          .isLessThanOrEqualTo(1);
    }
  }

  private static void redisZadd(QueueFixture f, String w, double score) {
    f.probe.command("ZADD", f.keys.workers(), Double.toString(score), w);
  }
}
