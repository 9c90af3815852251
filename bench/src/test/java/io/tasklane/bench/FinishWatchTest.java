package io.tasklane.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class FinishWatchTest {
  @Test
  void endsWhenTheEventsReachTheGoal() throws InterruptedException {
    FinishWatch w = new FinishWatch(4);
    w.arm();
    Thread.ofPlatform().start(() -> {
      w.accept(List.of("a", "b"));
      w.accept(List.of("c", "d"));
    });

    assertThat(w.await(5_000_000_000L, () -> 0)).isTrue();
    assertThat(w.count()).isEqualTo(4);
    assertThat(w.lastNanos()).isGreaterThanOrEqualTo(w.firstNanos());
    assertThat(w.ninetiethNanos()).isGreaterThanOrEqualTo(w.tenthNanos()).isPositive();
  }

  @Test
  void fallsBackOnTheCounterWhenMessagesWereLost() throws InterruptedException {
    FinishWatch w = new FinishWatch(4);
    w.accept(List.of("a"));

    assertThat(w.await(10_000_000_000L, () -> 4)).isFalse();
  }

  @Test
  void failsAfterTheTimeout() {
    FinishWatch w = new FinishWatch(4);

    assertThatThrownBy(() -> w.await(100_000_000L, () -> 0))
        .hasMessageContaining("only 0 of 4");
  }
}
