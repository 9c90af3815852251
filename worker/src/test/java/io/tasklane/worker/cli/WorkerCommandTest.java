package io.tasklane.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tasklane.cli.Commands;
import io.tasklane.cli.ExitCode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WorkerCommandTest {
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream originalErr;

  @BeforeEach
  void captureStderr() {
    originalErr = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restoreStderr() {
    System.setErr(originalErr);
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aTtlNotLongerThanTheHeartbeatIsBadInput() {
    int code = Commands.execute(new WorkerCommand(), "--heartbeat", "3s", "--ttl", "2s");

    assertThat(code).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(stderr()).isEqualTo("worker: heartbeat ttl (--ttl) 2000 ms must be longer than "
        + "the heartbeat interval (--heartbeat) 3000 ms, or the worker counts as dead between two "
        + "heartbeats" + System.lineSeparator());
  }

  @Test
  void aBadIdIsBadInput() {
    int code = Commands.execute(new WorkerCommand(), "--id", "no spaces please");

    assertThat(code).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(stderr()).startsWith("worker: invalid worker id 'no spaces please'")
        .hasLineCount(1);
  }

  @Test
  void aConcurrencyOutOfRangeIsBadInput() {
    assertThat(Commands.execute(new WorkerCommand(), "--concurrency", "0"))
        .isEqualTo(ExitCode.BAD_INPUT);
    assertThat(Commands.execute(new WorkerCommand(), "--concurrency", "many"))
        .isEqualTo(ExitCode.BAD_INPUT);
    assertThat(stderr()).contains("--concurrency").hasLineCount(2);
  }

  @Test
  void aBadDurationIsBadInput() {
    assertThat(Commands.execute(new WorkerCommand(), "--grace", "soon"))
        .isEqualTo(ExitCode.BAD_INPUT);
    assertThat(stderr()).contains("invalid duration 'soon'").hasLineCount(1);
  }

  @Test
  void anUnreachableRedisExitsWithThreeNamingTheMaskedUrl() {
    int code = Commands.execute(new WorkerCommand(), "--redis",
        "redis://user:secret@127.0.0.1:1", "--id", "w1");

    assertThat(code).isEqualTo(ExitCode.REDIS_UNAVAILABLE);
    assertThat(stderr()).startsWith("worker: ").contains("redis://user:***@127.0.0.1:1")
        .doesNotContain("secret").hasLineCount(1);
  }

  @Test
  void helpListsTheOptions() {
    java.io.StringWriter out = new java.io.StringWriter();
    picocli.CommandLine cl = new picocli.CommandLine(new WorkerCommand());
    cl.setOut(new java.io.PrintWriter(out));

    assertThat(cl.execute("--help")).isZero();
    assertThat(out.toString()).contains("--id", "--concurrency", "--prefetch", "--weight", "--grace",
        "--heartbeat", "--ttl", "--task-timeout", "--sleep-scale", "--recover-every", "--redis",
        "--queue", "--verbose", "--version", "dead-lettered");
  }

  @Test
  void aZeroRecoveryIntervalIsBadInput() {
    assertThat(Commands.execute(new WorkerCommand(), "--recover-every", "0s"))
        .isEqualTo(ExitCode.BAD_INPUT);
    assertThat(stderr()).isEqualTo("worker: recovery interval (--recover-every) must be at least "
        + "1 ms, not 0 ms" + System.lineSeparator());
  }
}
