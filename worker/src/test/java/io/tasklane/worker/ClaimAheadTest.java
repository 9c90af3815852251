package io.tasklane.worker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClaimAheadTest {

  @Test
  void nothingIsClaimedAheadBeforeATaskRanOrForLongTasks() {
    ClaimAhead adaptive = new ClaimAhead(10, ClaimAhead.ADAPTIVE);
    adaptive.roundTrip(1_000);
    assertThat(adaptive.tasks(-1)).isZero();
    assertThat(adaptive.tasks(ClaimAhead.BELOW_MICROS)).isZero();
    assertThat(new ClaimAhead(10, 3).tasks(ClaimAhead.BELOW_MICROS + 1)).isZero();
  }

  @Test
  void aFixedCountIsUsedAsGiven() {
    ClaimAhead fixed = new ClaimAhead(50, 3);
    fixed.roundTrip(10_000);
    assertThat(fixed.tasks(1)).isEqualTo(3);
    assertThat(new ClaimAhead(50, 0).tasks(1)).isZero();
  }

  @Test
  void theAdaptiveCountCoversOneRoundTripBetweenHalfAndFourTimesTheSlots() {
    ClaimAhead a = new ClaimAhead(50, ClaimAhead.ADAPTIVE);
    // no round trip measured yet: half the slots
    assertThat(a.tasks(100)).isEqualTo(25);
    a.roundTrip(2_000);
    // 50 slots of 2.5 ms tasks finish 40 tasks in 2 ms
    assertThat(a.tasks(2_500)).isEqualTo(40);
    assertThat(a.tasks(2_499)).isEqualTo(41); // rounded up
    // tasks of 20 ms: 5 in a round trip, but half the slots stay in reserve
    assertThat(a.tasks(20_000)).isEqualTo(25);
    // tasks of microseconds: capped at four times the slots
    assertThat(a.tasks(3)).isEqualTo(200);
    assertThat(a.tasks(0)).isEqualTo(200);
    assertThat(new ClaimAhead(1, ClaimAhead.ADAPTIVE).tasks(1_000)).isEqualTo(1);
  }

  @Test
  void theRoundTripIsASmoothedMean() {
    ClaimAhead a = new ClaimAhead(8, ClaimAhead.ADAPTIVE);
    a.roundTrip(800);
    assertThat(a.tasks(100)).isEqualTo(32); // 8 × 800 / 100 = 64, capped at 32
    assertThat(a.tasks(800)).isEqualTo(8);
    a.roundTrip(8_800); // one slow call moves the mean by an eighth: (800 × 7 + 8,800) / 8
    assertThat(a.tasks(1_800)).isEqualTo(8); // 8 × 1,800 / 1,800
    assertThat(a.tasks(3_600)).isEqualTo(4); // half the slots
  }
}
