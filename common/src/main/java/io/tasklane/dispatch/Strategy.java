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
  LEAST_CONCURRENCY("least-concurrency"),
  /** Round-robin in proportion to the workers' weights, smoothly interleaved. */
  WEIGHTED_ROUND_ROBIN("weighted-round-robin"),
  /** Each task to a uniformly random live worker, whatever its load. */
  RANDOM("random"),
  /** Two random live workers; the less loaded one, if it has room. */
  POWER_OF_TWO("power-of-two"),
  /** Tasks with the same key to the same worker (consistent hashing with bounded loads). */
  KEY_AFFINITY("key-affinity"),
  /** Each task to the worker with the shortest expected wait (EWMA run time × load). */
  LEAST_LATENCY("least-latency"),
  /** The peers' shared-queue model, as a baseline: any worker with a free slot. */
  SHARED("shared");

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
