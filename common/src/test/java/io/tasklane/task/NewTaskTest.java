package io.tasklane.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tasklane.error.InvalidInputException;
import org.junit.jupiter.api.Test;

class NewTaskTest {
  private static final int CAP = NewTask.DEFAULT_MAX_PAYLOAD_BYTES;

  @Test
  void keepsThePayloadTextAsGiven() {
    NewTask t = NewTask.of("echo", "{ \"a\" : [1, 2] }").validate(CAP);
    assertThat(t.payload()).isEqualTo("{ \"a\" : [1, 2] }");
    assertThat(t.maxAttempts()).isEqualTo(3);
    assertThat(TaskIds.isValid(t.id())).isTrue();
  }

  @Test
  void invalidJsonIsRejectedWithItsPosition() {
    assertThatThrownBy(() -> NewTask.of("echo", "{\"a\":").withId("x").validate(CAP))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("payload of task 'x' is not valid JSON")
        .hasMessageContaining("line 1, column");
    assertThatThrownBy(() -> NewTask.of("echo", "{} {}").validate(CAP))
        .hasMessageContaining("unexpected content after the JSON value");
    assertThatThrownBy(() -> NewTask.of("echo", "  ").validate(CAP))
        .hasMessageContaining("empty JSON");
  }

  @Test
  void payloadOverTheCapIsRejected() {
    String big = "\"" + "é".repeat(600) + "\""; // 1,202 bytes in UTF-8
    assertThatThrownBy(() -> NewTask.of("echo", big).withId("x").validate(1000))
        .hasMessageContaining("is 1202 bytes, over the cap of 1000 bytes");
    assertThat(NewTask.of("echo", big).validate(2000).payload()).isEqualTo(big);
  }

  @Test
  void typesIdsAndAttemptsAreChecked() {
    assertThatThrownBy(() -> NewTask.of("bad type", "1").validate(CAP))
        .hasMessageContaining("invalid task type 'bad type'");
    assertThatThrownBy(() -> NewTask.of("echo", "1").withId("no spaces").validate(CAP))
        .hasMessageContaining("invalid task id 'no spaces'");
    assertThatThrownBy(() -> NewTask.of("echo", "1").withId("x".repeat(129)).validate(CAP))
        .hasMessageContaining("invalid task id");
    assertThatThrownBy(() -> NewTask.of("echo", "1").withMaxAttempts(0).validate(CAP))
        .hasMessageContaining("invalid max attempts 0");
    assertThat(NewTask.of("a.b:c-d_e", "1").withId("A.b_c:d-1").validate(CAP)).isNotNull();
  }
}
