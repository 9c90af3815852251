package io.tasklane.redis;

import io.tasklane.error.InvalidInputException;

/**
 * Options of a queue's placement; null leaves an option as it is. {@code steal}: idle workers
 * take unstarted tasks from the most loaded worker's inbox. {@code stealKeyed}: they may take
 * tasks with an affinity key too. {@code affinityBound}: key-affinity's bounded-load factor
 * (a worker holds at most that many times the average in flight; default 1.25).
 */
public record PlacementOptions(Boolean steal, Boolean stealKeyed, Double affinityBound) {
  public static final PlacementOptions UNCHANGED = new PlacementOptions(null, null, null);
  /** The highest affinity bound a queue accepts. */
  public static final double MAX_AFFINITY_BOUND = 100;
  /** What an affinity bound must be, for error messages. */
  public static final String AFFINITY_BOUND_RULE =
      "use a number above 1 and at most " + (int) MAX_AFFINITY_BOUND + ", such as 1.25";

  public PlacementOptions {
    if (affinityBound != null && !(affinityBound > 1.0 && affinityBound <= MAX_AFFINITY_BOUND)) {
      throw new InvalidInputException("invalid affinity bound " + affinityBound + ": "
          + AFFINITY_BOUND_RULE);
    }
  }
}
