package io.tasklane.scheduler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TextTest {

  @Test
  void durationsReadLikeTheOptions() {
    assertThat(Text.duration(Duration.ofMillis(250))).isEqualTo("250ms");
    assertThat(Text.duration(Duration.ofSeconds(2))).isEqualTo("2s");
    assertThat(Text.duration(Duration.ofMillis(1500))).isEqualTo("1.5s");
    assertThat(Text.duration(Duration.ofSeconds(90))).isEqualTo("1m30s");
    assertThat(Text.duration(Duration.ofHours(1))).isEqualTo("1h");
  }

  @Test
  void formatsTimesAndMillis() {
    assertThat(Text.iso(0)).isEqualTo("-");
    assertThat(Text.iso(1_700_000_000_123L)).isEqualTo("2023-11-14T22:13:20.123Z");
    assertThat(Text.millis(null)).isEqualTo("-");
    assertThat(Text.millis(1.23456)).isEqualTo("1.23");
    assertThat(Text.millis(12.345)).isEqualTo("12.3");
    assertThat(Text.millis(1234.5)).isEqualTo("1235");
    assertThat(Text.round(1.23456, 3)).isEqualTo(1.235);
    assertThat(Text.round(null, 3)).isNull();
    assertThat(Text.oneLine("boom\n  at a\r\n at b\n")).isEqualTo("boom | at a | at b");
  }

  @Test
  void tablesAlignTextLeftAndNumbersRight() {
    TextTable t = new TextTable("NAME", ">COUNT", "NOTE");
    t.add("a", "1", "x");
    t.add("longer", "12345", null);
    assertThat(t.render()).isEqualTo("""
        NAME    COUNT  NOTE
        a           1  x
        longer  12345  -
        """);
  }
}
