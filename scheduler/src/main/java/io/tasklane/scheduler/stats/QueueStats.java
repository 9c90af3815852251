package io.tasklane.scheduler.stats;

import java.time.Instant;
import java.util.List;

/** A queue's statistics at one moment: per worker (sorted by ID) and in total. */
public record QueueStats(String queue, String strategy, Instant takenAt, int windowSeconds,
    Depths depths, List<WorkerStats> workers, Figures totals) {}
