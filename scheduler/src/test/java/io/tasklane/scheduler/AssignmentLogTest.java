package io.tasklane.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.tasklane.testing.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AssignmentLogTest {

  @Test
  void writesAtMostOneLinePerPeriodWithTotals() {
    MutableClock clock = MutableClock.at(1_000_000);
    AssignmentLog log = new AssignmentLog(clock, Duration.ofSeconds(5));
    assertThat(log.due()).isNull();
    log.record(0, 0);
    assertThat(log.due()).isNull();

    clock.advance(Duration.ofMillis(1500));
    log.record(1000, 500);
    assertThat(log.due())
        .isEqualTo("assigned 1000 tasks in the last 1.5 s (1000 since start); backlog 500");

    clock.advance(Duration.ofSeconds(1));
    log.record(400, 100);
    assertThat(log.due()).isNull();
    clock.advance(Duration.ofSeconds(3));
    log.record(100, 0);
    assertThat(log.due()).isNull();

    clock.advance(Duration.ofSeconds(1));
    assertThat(log.due())
        .isEqualTo("assigned 500 tasks in the last 5.0 s (1500 since start); backlog 0");
    clock.advance(Duration.ofSeconds(60));
    assertThat(log.due()).isNull();
    log.record(1, 0);
    assertThat(log.due())
        .isEqualTo("assigned 1 task in the last 60.0 s (1501 since start); backlog 0");
  }
}
