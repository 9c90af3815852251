package io.tasklane.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {

  @Test
  void readsUnitsAndIso() {
    assertThat(DurationConverter.parse("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(DurationConverter.parse("2s")).isEqualTo(Duration.ofSeconds(2));
    assertThat(DurationConverter.parse("7d")).isEqualTo(Duration.ofDays(7));
    assertThat(DurationConverter.parse("1.5m")).isEqualTo(Duration.ofSeconds(90));
    assertThat(DurationConverter.parse("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(DurationConverter.parse("PT3S")).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void rejectsAnythingElseSayingWhatToUse() {
    for (String bad : new String[] {"", "10", "-1s", "2 days", "PT-1S", "s"}) {
      assertThatThrownBy(() -> DurationConverter.parse(bad))
          .isInstanceOf(TypeConversionException.class)
          .hasMessageContaining("such as 500ms, 2s or 5m");
    }
  }
}
