package io.tasklane.scheduler.submit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tasklane.error.InvalidInputException;
import io.tasklane.scheduler.submit.TaskLines.Defaults;
import io.tasklane.scheduler.submit.TaskLines.LineError;
import io.tasklane.scheduler.submit.TaskLines.Parsed;
import io.tasklane.task.NewTask;
import io.tasklane.task.TaskIds;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TaskLinesTest {

  private static Parsed parse(String text) throws IOException {
    return TaskLines.parse(utf8(text), Defaults.STANDARD);
  }

  private static InputStream utf8(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void splitsLinesAcrossBufferBoundariesAndKeepsALastLineWithoutLineEnd() throws IOException {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 3000; i++) {
      b.append("{\"type\":\"echo\",\"payload\":\"").append("é".repeat(i % 50)).append("\"}\n");
    }
    b.append("{\"type\":\"last\"}");
    Parsed p = parse(b.toString());
    assertThat(p.ok()).isTrue();
    assertThat(p.tasks()).hasSize(3001);
    assertThat(p.tasks().get(2999).payload()).isEqualTo("\"" + "é".repeat(2999 % 50) + "\"");
    assertThat(p.tasks().get(3000).type()).isEqualTo("last");
  }

  @Test
  void readsEveryFieldAndSkipsBlankLines() throws IOException {
    Parsed p = parse("""
        {"type": "echo", "payload": {"a": 1,  "b": [1, 2]}, "id": "t-1"}

        {"type": "sleep", "payload": 250, "max_attempts": 5, "timeout_ms": 1500}
           \t
        {"type": "noop"}
        {"type": "echo", "payload": "text", "id": null}
        """);
    assertThat(p.ok()).isTrue();
    assertThat(p.errors()).isEmpty();
    assertThat(p.tasks()).hasSize(4);
    NewTask first = p.tasks().get(0);
    assertThat(first).isEqualTo(new NewTask("t-1", "echo", "{\"a\":1,\"b\":[1,2]}",
        NewTask.DEFAULT_MAX_ATTEMPTS, 0));
    NewTask second = p.tasks().get(1);
    assertThat(second.type()).isEqualTo("sleep");
    assertThat(second.payload()).isEqualTo("250");
    assertThat(second.maxAttempts()).isEqualTo(5);
    assertThat(second.timeoutMs()).isEqualTo(1500);
    assertThat(TaskIds.isValid(second.id())).isTrue();
    assertThat(p.tasks().get(2).payload()).isEqualTo("null");
    assertThat(p.tasks().get(3).payload()).isEqualTo("\"text\"");
    assertThat(p.tasks()).extracting(NewTask::id).doesNotHaveDuplicates();
  }

  @Test
  void keepsNumbersExactly() throws IOException {
    Parsed p = parse("{\"type\":\"echo\",\"payload\":[3.14159265358979323846264338,0.10,"
        + "123456789012345678901234567890,1e400]}");
    assertThat(p.tasks().get(0).payload())
        .isEqualTo("[3.14159265358979323846264338,0.10,123456789012345678901234567890,1E+400]");
  }

  @Test
  void linesWithoutAValueTakeTheDefaults() throws IOException {
    Parsed p = TaskLines.parse(
        utf8("{\"type\":\"a\"}\n{\"type\":\"b\",\"max_attempts\":1,\"timeout_ms\":0}\n"),
        new Defaults(7, 9000, 1 << 20));
    assertThat(p.tasks().get(0).maxAttempts()).isEqualTo(7);
    assertThat(p.tasks().get(0).timeoutMs()).isEqualTo(9000);
    assertThat(p.tasks().get(1).maxAttempts()).isEqualTo(1);
    assertThat(p.tasks().get(1).timeoutMs()).isZero();
  }

  @Test
  void readsTheAffinityKeyElseTheDefaultOne() throws IOException {
    Parsed p = TaskLines.parse(utf8("{\"type\":\"a\",\"key\":\"customer-7\"}\n"
        + "{\"type\":\"b\"}\n{\"type\":\"c\",\"key\":null}\n"),
        new Defaults(3, 0, 1 << 20, "batch"));
    assertThat(p.tasks()).extracting(NewTask::key).containsExactly("customer-7", "batch", "batch");
    assertThat(parse("{\"type\":\"a\"}").tasks().get(0).key()).isNull();

    Parsed bad = parse("{\"type\":\"a\",\"key\":7}\n{\"type\":\"a\",\"key\":\"\"}\n"
        + "{\"type\":\"a\",\"key\":\"" + "k".repeat(257) + "\"}\n");
    assertThat(bad.tasks()).isEmpty();
    assertThat(bad.errors()).extracting(Object::toString).satisfiesExactly(
        e -> assertThat(e).isEqualTo("line 1: \"key\" must be a string, not a number"),
        e -> assertThat(e).startsWith("line 2: invalid affinity key"),
        e -> assertThat(e).startsWith("line 3: invalid affinity key"));
  }

  @Test
  void reportsEachInvalidLineWithItsNumberAndReturnsNoTask() throws IOException {
    Parsed p = parse("""
        {"type": "echo", "payload": 1}
        {"type": "echo", "payload": }

        {"payload": 1}
        {"type": 5}
        ["echo"]
        {"type": "echo", "paylod": 1}
        {"type": "echo", "id": "bad id"}
        {"type": "echo", "id": 7}
        {"type": "bad type!"}
        {"type": "echo", "max_attempts": 0}
        {"type": "echo", "max_attempts": 2.5}
        {"type": "echo", "timeout_ms": -1}
        {"type": "echo"} {"type": "echo"}
        {"type": "echo", "type": "noop"}
        {"type": "echo", "payload": 2}
        """);
    assertThat(p.ok()).isFalse();
    assertThat(p.tasks()).isEmpty();
    assertThat(p.invalidLines()).isEqualTo(13);
    assertThat(p.errors()).extracting(LineError::line)
        .containsExactly(2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    assertThat(p.errors()).extracting(LineError::toString).satisfiesExactly(
        e -> assertThat(e).startsWith("line 2: invalid JSON: ").contains("at column"),
        e -> assertThat(e).isEqualTo("line 4: missing \"type\""),
        e -> assertThat(e).isEqualTo("line 5: \"type\" must be a string, not a number"),
        e -> assertThat(e).startsWith("line 6: expected a JSON object").endsWith("not an array"),
        e -> assertThat(e).startsWith("line 7: unknown field \"paylod\""),
        e -> assertThat(e).startsWith("line 8: invalid task id 'bad id'"),
        e -> assertThat(e).isEqualTo("line 9: \"id\" must be a string, not a number"),
        e -> assertThat(e).startsWith("line 10: invalid task type 'bad type!'"),
        e -> assertThat(e).startsWith("line 11: invalid max attempts 0"),
        e -> assertThat(e).startsWith("line 12: \"max_attempts\" must be a whole number"),
        e -> assertThat(e).startsWith("line 13: \"timeout_ms\" must be"),
        e -> assertThat(e).startsWith("line 14: invalid JSON: "),
        e -> assertThat(e).startsWith("line 15: invalid JSON: ")
            .contains("Duplicate field 'type'"));
  }

  @Test
  void idsMustBeUniqueWithinTheFile() throws IOException {
    Parsed p = parse("""
        {"type": "echo", "id": "a"}
        {"type": "echo", "id": "b"}
        {"type": "echo", "id": "a"}
        {"type": "echo", "id": "b"}
        """);
    assertThat(p.tasks()).isEmpty();
    assertThat(p.errors()).extracting(LineError::toString).containsExactly(
        "line 3: task id 'a' is used on line 1 already",
        "line 4: task id 'b' is used on line 2 already");
  }

  @Test
  void keepsTheFirstTwentyErrorsAndCountsTheRest() throws IOException {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 25; i++) b.append("{}\n");
    Parsed p = parse(b.toString());
    assertThat(p.invalidLines()).isEqualTo(25);
    assertThat(p.errors()).hasSize(TaskLines.MAX_REPORTED);
    assertThat(p.errors().get(19).line()).isEqualTo(20);
  }

  @Test
  void skipsAByteOrderMarkAndAcceptsCrLf() throws IOException {
    Parsed p = parse("\uFEFF{\"type\":\"echo\"}\r\n{\"type\":\"echo\"}\r\n");
    assertThat(p.ok()).isTrue();
    assertThat(p.tasks()).hasSize(2);
  }

  @Test
  void anEmptyInputHasNoTasksAndNoErrors() throws IOException {
    Parsed p = parse("\n  \n");
    assertThat(p.ok()).isTrue();
    assertThat(p.tasks()).isEmpty();
  }

  @Test
  void refusesBytesThatAreNotUtf8NamingTheLine() {
    byte[] bytes = "{\"type\":\"echo\"}\n{\"type\":\"e\u00e9\"}\n"
        .getBytes(StandardCharsets.ISO_8859_1);
    assertThatThrownBy(() -> TaskLines.parse(new ByteArrayInputStream(bytes), Defaults.STANDARD))
        .isInstanceOf(InvalidInputException.class).hasMessage("line 2: not UTF-8 text");
  }
}
