package io.tasklane.dispatch;

import io.tasklane.error.InvalidInputException;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * How the queue places tasks on workers; the choice itself runs inside Redis (lib/placement.lua)
 * so every producer and dispatcher applies it atomically.
 */
public enum Strategy {
  /** Each task to the next live worker in turn, whatever its load. */
  ROUND_ROBIN("round-robin"),
  /** Each task to the live worker with the lowest in-flight / concurrency, only if it has room. */
  LEAST_CONCURRENCY("least-concurrency");

  /** The strategy of a queue that never had one set. */
  public static final Strategy DEFAULT = LEAST_CONCURRENCY;

  private final String wire;

  Strategy(String wire) { this.wire = wire; }

  public String wire() { return wire; }

  public static Strategy fromWire(String s) {
    for (Strategy st : values()) if (st.wire.equals(s)) return st;
    throw new InvalidInputException("unknown strategy '" + s + "': use one of " + names());
  }

  public static String names() {
    return Arrays.stream(values()).map(Strategy::wire).collect(Collectors.joining(", "));
  }

  @Override
  public String toString() { return wire; }
}
