package io.tasklane.scheduler.stats;

/**
 * One worker's statistics. The state is active, draining, ejected (taken out of placement for a
 * while because it failed far more than the queue), dead or gone (or unknown when its
 * description is missing); a worker whose heartbeat lapsed without deregistering is dead.
 */
public record WorkerStats(String id, String host, String state, Figures figures) {}
