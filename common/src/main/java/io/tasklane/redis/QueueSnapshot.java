package io.tasklane.redis;

import java.util.List;

/** A queue's state for statistics, read in one pipelined pass: O(workers × window), not O(tasks). */
public record QueueSnapshot(String queue, String strategy, long backlog, long delayed, long dead,
    long takenAtMs, int windowSeconds, List<WorkerSnapshot> workers) {}
