package io.tasklane.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CommandStatsTest {
  private static final String BEFORE = """
      # Commandstats\r
      cmdstat_evalsha:calls=10,usec=500,usec_per_call=50.00,rejected_calls=0,failed_calls=0\r
      cmdstat_hset:calls=100,usec=80,usec_per_call=0.80,rejected_calls=0,failed_calls=0\r
      cmdstat_info:calls=3,usec=90,usec_per_call=30.00,rejected_calls=0,failed_calls=0\r
      """;
  private static final String AFTER = """
      # Commandstats\r
      cmdstat_evalsha:calls=30,usec=1500,usec_per_call=50.00,rejected_calls=0,failed_calls=0\r
      cmdstat_hset:calls=400,usec=380,usec_per_call=0.95,rejected_calls=0,failed_calls=0\r
      cmdstat_zadd:calls=50,usec=150,usec_per_call=3.00,rejected_calls=0,failed_calls=0\r
      cmdstat_info:calls=9,usec=270,usec_per_call=30.00,rejected_calls=0,failed_calls=0\r
      cmdstat_slowlog|get:calls=1,usec=9,usec_per_call=9.00,rejected_calls=0,failed_calls=0\r
      """;

  @Test
  void deltaCountsEveryCommandButTheBenchmarksOwnReads() {
    CommandStats d = CommandStats.parse(AFTER).minus(CommandStats.parse(BEFORE));

    assertThat(d.calls()).isEqualTo(20 + 300 + 50);
    assertThat(d.scriptCalls()).isEqualTo(20);
    assertThat(d.byCommand().get("hset")).isEqualTo(new CommandStats.Stat(300, 300));
    assertThat(d.top(10)).extracting(e -> e.getKey()).containsExactly("hset", "zadd", "evalsha");
  }

  @Test
  void topAsJsonGivesCallsPerUnitAndMicrosecondsPerCall() {
    CommandStats d = CommandStats.parse(AFTER).minus(CommandStats.parse(BEFORE));

    var top = d.topAsJson(1, 100);

    assertThat(top).hasSize(1);
    assertThat(top.get(0)).containsEntry("cmd", "hset").containsEntry("calls_per", 3.0)
        .containsEntry("usec_per_call", 1.0);
  }
}
