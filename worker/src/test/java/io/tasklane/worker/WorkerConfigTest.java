package io.tasklane.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tasklane.error.InvalidInputException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WorkerConfigTest {
  @Test
  void hasTheDocumentedDefaults() {
    WorkerConfig c = WorkerConfig.builder().build();

    assertThat(c.queue()).isEqualTo("default");
    assertThat(c.concurrency()).isEqualTo(8);
    assertThat(c.weight()).isEqualTo(1);
    assertThat(c.prefetch()).isEqualTo(WorkerConfig.ADAPTIVE_PREFETCH);
    assertThat(c.grace()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.heartbeat()).isEqualTo(Duration.ofSeconds(3));
    assertThat(c.ttl()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.taskTimeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.sleepScale()).isEqualTo(1.0);
    assertThat(c.pollInterval()).isEqualTo(Duration.ofSeconds(30)); // ten heartbeats
    assertThat(c.recoverEvery()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.redisTimeout()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void theRedisTimeoutIsHalfTheTtlFromOneToTenSecondsUnlessSet() {
    assertThat(WorkerConfig.builder().heartbeat(Duration.ofMillis(100))
        .ttl(Duration.ofMillis(500)).build().redisTimeout()).isEqualTo(Duration.ofSeconds(1));
    assertThat(WorkerConfig.builder().ttl(Duration.ofMinutes(1)).build().redisTimeout())
        .isEqualTo(Duration.ofSeconds(10));
    assertThat(WorkerConfig.builder().redisTimeout(Duration.ofMillis(250)).build().redisTimeout())
        .isEqualTo(Duration.ofMillis(250));
  }

  @Test
  void prefetchAdaptsUnlessSet() {
    assertThat(WorkerConfig.builder().concurrency(50).build().prefetch())
        .isEqualTo(WorkerConfig.ADAPTIVE_PREFETCH);
    assertThat(WorkerConfig.builder().concurrency(50).prefetch(0).build().prefetch()).isZero();
    assertThat(WorkerConfig.builder().concurrency(50).prefetch(7).build().prefetch()).isEqualTo(7);
  }

  @Test
  void theDefaultIdIsHostPidAndSixHexDigits() {
    String id = WorkerConfig.builder().build().id();

    assertThat(id).matches("[a-z0-9._-]+-" + ProcessHandle.current().pid() + "-[0-9a-f]{6}");
    assertThat(WorkerConfig.defaultId()).isNotEqualTo(WorkerConfig.defaultId());
  }

  @Test
  void theTtlMustExceedTheHeartbeat() {
    assertThatThrownBy(() -> WorkerConfig.builder().heartbeat(Duration.ofSeconds(5))
        .ttl(Duration.ofSeconds(5)).build())
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("heartbeat ttl (--ttl) 5000 ms must be longer than the heartbeat interval "
            + "(--heartbeat) 5000 ms, or the worker counts as dead between two heartbeats");
  }

  @Test
  void rejectsBadSettings() {
    assertThatThrownBy(() -> WorkerConfig.builder().id("bad id").build())
        .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("invalid worker id");
    assertThatThrownBy(() -> WorkerConfig.builder().queue("a/b").build())
        .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("invalid queue name");
    assertThatThrownBy(() -> WorkerConfig.builder().concurrency(0).build())
        .hasMessage("concurrency (--concurrency) must be from 1 to 10000, not 0");
    assertThatThrownBy(() -> WorkerConfig.builder().concurrency(10_001).build())
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> WorkerConfig.builder().weight(0).build())
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> WorkerConfig.builder().prefetch(-1).build())
        .hasMessage("prefetch (--prefetch) must be from 0 to 10000, not -1");
    assertThatThrownBy(() -> WorkerConfig.builder().taskTimeout(Duration.ZERO).build())
        .hasMessage("task timeout (--task-timeout) must be at least 1 ms, not 0 ms");
    assertThatThrownBy(() -> WorkerConfig.builder().sleepScale(-0.5).build())
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> WorkerConfig.builder().grace(Duration.ofSeconds(-1)).build())
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> WorkerConfig.builder().recoverEvery(Duration.ZERO).build())
        .hasMessage("recovery interval (--recover-every) must be at least 1 ms, not 0 ms");
  }
}
