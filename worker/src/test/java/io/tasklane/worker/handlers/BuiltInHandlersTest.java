package io.tasklane.worker.handlers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tasklane.handler.TaskContext;
import io.tasklane.handler.TaskFailure;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class BuiltInHandlersTest {
  private static TaskContext task(String type, String payload) {
    return new TaskContext("t1", type, 1, payload);
  }

  @Test
  void noopReturnsNull() {
    assertThat(new NoopHandler().handle(task("noop", "{\"anything\":1}"))).isNull();
  }

  @Test
  void echoReturnsThePayloadUnchanged() {
    String payload = "{ \"b\" : [1, 2.50, \"x\"],\n \"a\": null }";

    assertThat(new EchoHandler().handle(task("echo", payload))).isSameAs(payload);
  }

  @Test
  void sleepSleepsTheScaledTime() throws Exception {
    long start = System.nanoTime();
    String result = new SleepHandler(0.5).handle(task("sleep", "{\"ms\":80}"));

    assertThat(result).isEqualTo("{\"slept_ms\":40}");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(
        Duration.ofMillis(40));
  }

  @Test
  void sleepWithScaleZeroReturnsAtOnce() throws Exception {
    assertThat(new SleepHandler(0).handle(task("sleep", "{\"ms\":600000}")))
        .isEqualTo("{\"slept_ms\":0}");
  }

  @Test
  void sleepStopsWhenInterrupted() {
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread t = Thread.ofVirtual().start(() -> {
      try {
        new SleepHandler(1.0).handle(task("sleep", "{\"ms\":60000}"));
      } catch (Throwable e) {
        thrown.set(e);
      }
    });
    t.interrupt();

    await().atMost(Duration.ofSeconds(5)).until(() -> !t.isAlive());
    assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
  }

  @Test
  void sleepRejectsABadPayload() {
    SleepHandler h = new SleepHandler(1.0);

    assertThatThrownBy(() -> h.handle(task("sleep", "{}")))
        .isInstanceOf(BadPayloadException.class)
        .hasMessage("sleep payload needs \"ms\", a whole number of 0 or more, as in {\"ms\":100}");
    assertThatThrownBy(() -> h.handle(task("sleep", "{\"ms\":-5}")))
        .isInstanceOf(BadPayloadException.class)
        .hasMessage("sleep payload field \"ms\" must be a whole number of 0 or more, not -5, as in "
            + "{\"ms\":100}");
    assertThatThrownBy(() -> h.handle(task("sleep", "{\"ms\":1.5}")))
        .isInstanceOf(BadPayloadException.class).hasMessageContaining("not 1.5");
    assertThatThrownBy(() -> h.handle(task("sleep", "{\"ms\":\"10\"}")))
        .isInstanceOf(BadPayloadException.class).hasMessageContaining("not \"10\"");
    assertThatThrownBy(() -> h.handle(task("sleep", "[1]")))
        .isInstanceOf(BadPayloadException.class)
        .hasMessage("sleep payload must be a JSON object such as {\"ms\":100}");
    assertThatThrownBy(() -> h.handle(task("sleep", "{not json")))
        .isInstanceOf(BadPayloadException.class).hasMessageContaining("not valid JSON");
  }

  @Test
  void aBadPayloadIsAPermanentFailure() {
    assertThatThrownBy(() -> new SleepHandler(1.0).handle(task("sleep", "{}")))
        .isInstanceOf(TaskFailure.class)
        .satisfies(e -> assertThat(((TaskFailure) e).permanent()).isTrue());
  }

  @Test
  void sleepScaleMustBeANonNegativeNumber() {
    assertThatThrownBy(() -> new SleepHandler(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SleepHandler(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void cpuHashesTheGivenRounds() throws Exception {
    CpuHandler h = new CpuHandler();
    String zero = "0".repeat(64);

    assertThat(h.handle(task("cpu", "{\"rounds\":0}"))).isEqualTo("{\"digest\":\"" + zero + "\"}");
    // One round: SHA-256 of 64 zero bytes.
    assertThat(h.handle(task("cpu", "{\"rounds\":1}"))).isEqualTo(
        "{\"digest\":\"f5a5fd42d16a20302798ef6ed309979b43003d2320d9f0e8ea9831a92759fb4b\"}");
    assertThat(h.handle(task("cpu", "{\"rounds\":5000}")))
        .isEqualTo(h.handle(task("cpu", "{\"rounds\":5000}")))
        .isNotEqualTo(h.handle(task("cpu", "{\"rounds\":5001}")));
  }

  @Test
  void cpuStopsWhenInterrupted() {
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> CpuHandler.digest(10_000)).isInstanceOf(InterruptedException.class);
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void cpuRejectsABadPayload() {
    assertThatThrownBy(() -> new CpuHandler().handle(task("cpu", "{\"rounds\":\"many\"}")))
        .isInstanceOf(BadPayloadException.class)
        .hasMessageContaining("cpu payload field \"rounds\" must be a whole number");
  }

  @Test
  void failFailsWithTheMessage() {
    FailHandler h = new FailHandler(RandomGenerator.getDefault());

    assertThatThrownBy(() -> h.handle(task("fail", "{\"message\":\"disk full\"}")))
        .isExactlyInstanceOf(TaskFailure.class).hasMessage("disk full")
        .satisfies(e -> assertThat(((TaskFailure) e).permanent()).isFalse());
    assertThatThrownBy(() -> h.handle(task("fail", "null")))
        .isExactlyInstanceOf(TaskFailure.class).hasMessage(FailHandler.DEFAULT_MESSAGE);
  }

  @Test
  void failFailsWithTheGivenProbability() throws Exception {
    FailHandler low = new FailHandler(fixed(0.7));
    FailHandler high = new FailHandler(fixed(0.2));
    String payload = "{\"message\":\"flaky\",\"probability\":0.5}";

    assertThat(low.handle(task("fail", payload))).isEqualTo("{\"ok\":true}");
    assertThatThrownBy(() -> high.handle(task("fail", payload))).hasMessage("flaky");
    assertThat(new FailHandler(fixed(0.0)).handle(task("fail", "{\"probability\":0}")))
        .isEqualTo("{\"ok\":true}");
  }

  @Test
  void failRejectsABadProbability() {
    FailHandler h = new FailHandler(RandomGenerator.getDefault());

    assertThatThrownBy(() -> h.handle(task("fail", "{\"probability\":2}")))
        .isInstanceOf(BadPayloadException.class)
        .hasMessageContaining("\"probability\" must be a number from 0 to 1, not 2");
    assertThatThrownBy(() -> h.handle(task("fail", "{\"message\":42}")))
        .isInstanceOf(BadPayloadException.class)
        .hasMessageContaining("\"message\" must be a string");
  }

  @Test
  void theBuiltInsAreTheFiveTypes() {
    assertThat(BuiltInHandlers.all(1.0, RandomGenerator.getDefault()))
        .extracting(h -> h.type())
        .containsExactly("noop", "echo", "sleep", "cpu", "fail");
  }

  private static RandomGenerator fixed(double value) {
    return new RandomGenerator() {
      @Override public long nextLong() { return 0; }
      @Override public double nextDouble() { return value; }
    };
  }
}
