package io.tasklane.redis;

import io.tasklane.task.ClaimedTask;
import java.util.List;

/** Outcomes accepted, outcomes rejected as stale (fencing), and the tasks claimed afterwards. */
public record Completion(int accepted, int stale, List<ClaimedTask> claimed) {}
