package io.tasklane.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskIdsTest {

  @Test
  void generatedIdsAreUniqueValidAndTimeOrdered() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) ids.add(TaskIds.next());
    assertThat(new HashSet<>(ids)).hasSize(ids.size());
    assertThat(ids).isSorted().allMatch(TaskIds::isValid).allMatch(id -> id.length() == 26);
  }

  @Test
  void validationFollowsThePattern() {
    assertThat(TaskIds.isValid("order-42:retry.1_x")).isTrue();
    assertThat(TaskIds.isValid("")).isFalse();
    assertThat(TaskIds.isValid("a/b")).isFalse();
    assertThat(TaskIds.isValid("a{b}")).isFalse();
    assertThat(TaskIds.isValid("x".repeat(128))).isTrue();
    assertThat(TaskIds.isValid("x".repeat(129))).isFalse();
  }
}
