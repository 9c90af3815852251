package com.example.tasklane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tasklane.handler.TaskContext;
import io.tasklane.handler.TaskHandler;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class UpperHandlerTest {
  @Test
  void upperCasesTheText() {
    TaskContext t = new TaskContext("1", "upper", 1, "{\"text\":\"héllo \\\"x\\\"\"}");
    assertThat(new UpperHandler().handle(t)).isEqualTo("{\"text\":\"HÉLLO \\\"X\\\"\"}");
  }

  @Test
  void rejectsAPayloadWithoutText() {
    assertThatThrownBy(() -> new UpperHandler().handle(new TaskContext("1", "upper", 1, "{}")))
        .hasMessageContaining("\"text\"");
  }

  @Test
  void isFoundByServiceLoader() {
    assertThat(ServiceLoader.load(TaskHandler.class).stream().map(p -> p.get().type()))
        .contains("upper");
  }
}
