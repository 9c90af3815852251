package io.tasklane.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Decoding the task hash: codes, defaults of absent fields, times kept after submission. */
class TaskInfoTest {

  @Test
  void absentFieldsReadAsTheirDefaults() {
    TaskInfo t = TaskInfo.fromHash("a", Map.of(TaskFields.TYPE, "noop", TaskFields.PAYLOAD, "{}",
        TaskFields.STATUS, TaskStatus.QUEUED.code(), TaskFields.SUBMITTED, "1700000000000"));
    assertThat(t.status()).isEqualTo(TaskStatus.QUEUED);
    assertThat(t.attempt()).isZero();
    assertThat(t.maxAttempts()).isEqualTo(NewTask.DEFAULT_MAX_ATTEMPTS);
    assertThat(t.worker()).isNull();
    assertThat(t.assigned()).isZero();
    assertThat(t.started()).isZero();
    assertThat(t.finished()).isZero();
    assertThat(t.result()).isNull();
    assertThat(t.toJsonMap()).containsEntry("status", "queued").containsEntry("started", null);
  }

  @Test
  void timesAreMillisecondsAfterSubmissionAndANullResultIsNotStored() {
    TaskInfo t = TaskInfo.fromHash("a", Map.of(TaskFields.TYPE, "noop",
        TaskFields.STATUS, TaskStatus.SUCCEEDED.code(), TaskFields.ATTEMPT, "2",
        TaskFields.MAX_ATTEMPTS, "5", TaskFields.WORKER, "w1",
        TaskFields.SUBMITTED, "1700000000000", TaskFields.ASSIGNED, "1700000000100",
        TaskFields.STARTED, "0", TaskFields.FINISHED, "250", TaskFields.RETRY_AT, "-20"));
    assertThat(t.status()).isEqualTo(TaskStatus.SUCCEEDED);
    assertThat(t.maxAttempts()).isEqualTo(5);
    assertThat(t.assigned()).isEqualTo(1_700_000_000_100L);
    assertThat(t.started()).isEqualTo(1_700_000_000_000L);
    assertThat(t.finished()).isEqualTo(1_700_000_000_250L);
    assertThat(t.retryAt()).as("another host's clock may be behind").isEqualTo(1_699_999_999_980L);
    assertThat(t.result()).isEqualTo("null");
    assertThat(Json.write(t.toJsonMap())).contains("\"status\":\"succeeded\"")
        .contains("\"finished\":1700000000250,").contains("\"result\":null,");
  }

  @Test
  void onlyASucceededTaskHasTheNullResultByDefault() {
    TaskInfo dead = TaskInfo.fromHash("a", Map.of(TaskFields.STATUS, TaskStatus.DEAD.code(),
        TaskFields.ERROR, "boom"));
    assertThat(dead.result()).isNull();
    assertThat(dead.error()).isEqualTo("boom");
  }

  @Test
  void statusCodesAreOneLetterEachAndUnknownOnesAreRefused() {
    assertThat(TaskStatus.values()).extracting(TaskStatus::code)
        .allMatch(c -> c.length() == 1).doesNotHaveDuplicates();
    for (TaskStatus s : TaskStatus.values()) assertThat(TaskStatus.fromCode(s.code())).isEqualTo(s);
    assertThatThrownBy(() -> TaskStatus.fromCode("succeeded"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
