package io.tasklane.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.tasklane.task.ClaimedTask;
import io.tasklane.task.Outcome;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutcomesTest {
  private final Outcomes outcomes = new Outcomes();

  @Test
  void knowsWhichTasksHaveAnOutcomeNotYetRecorded() throws Exception {
    outcomes.add(Outcome.success(task("a"), "1", 5));
    outcomes.add(Outcome.failure(task("b"), "no", 5));
    List<Outcome> batch = new ArrayList<>();
    outcomes.drainTo(batch);
    outcomes.add(Outcome.fatal(task("c"), "never", 0));

    assertThat(outcomes.unsentIds()).containsExactlyInAnyOrder("a", "b", "c");
    assertThat(outcomes.unsent()).isEqualTo(3);

    outcomes.sent(batch);

    assertThat(outcomes.unsentIds()).containsExactly("c");
    assertThat(outcomes.unsent()).isEqualTo(1);
    assertThat(outcomes.awaitAllSent(System.nanoTime())).isFalse();
  }

  private static ClaimedTask task(String id) {
    return new ClaimedTask(id, "echo", "{}", 1, 0);
  }
}
