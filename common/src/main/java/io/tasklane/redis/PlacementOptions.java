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

  public PlacementOptions {
    if (affinityBound != null && !(affinityBound > 1.0 && affinityBound <= 100)) {
      throw new InvalidInputException("invalid affinity bound " + affinityBound
          + ": use a number above 1, such as 1.25");
    }
  }
}
