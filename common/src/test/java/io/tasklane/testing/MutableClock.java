package io.tasklane.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock tests move by hand. */
public final class MutableClock extends Clock {
  private volatile long millis;

  public MutableClock(long startMillis) { this.millis = startMillis; }

  public static MutableClock at(long epochMillis) { return new MutableClock(epochMillis); }

  public void advance(Duration d) { millis += d.toMillis(); }

  public void set(long epochMillis) { millis = epochMillis; }

  @Override public long millis() { return millis; }
  @Override public Instant instant() { return Instant.ofEpochMilli(millis); }
  @Override public ZoneId getZone() { return ZoneOffset.UTC; }
  @Override public Clock withZone(ZoneId zone) { return this; }
}
