package io.tasklane.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.tasklane.handler.TaskContext;
import io.tasklane.handler.TaskHandler;
import io.tasklane.task.Json;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class StampHandlerTest {
  @Test
  void returnsTheWallClockInMicroseconds() throws Exception {
    long before = StampHandler.epochMicros();
    String result = new StampHandler().handle(new TaskContext("t1", "stamp", 1, "null"));
    long after = StampHandler.epochMicros();

    long stamped = Json.tree(result).get("start_us").asLong();
    assertThat(stamped).isBetween(before, after);
  }

  @Test
  void isFoundAsAPlugin() {
    assertThat(ServiceLoader.load(TaskHandler.class).stream().map(p -> p.type().getName()))
        .contains(StampHandler.class.getName());
  }
}
