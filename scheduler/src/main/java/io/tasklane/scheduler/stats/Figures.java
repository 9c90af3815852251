package io.tasklane.scheduler.stats;

/**
 * The numbers shown for one worker or for all of them: tasks in flight (inbox plus running),
 * in the inbox, succeeded, failed and stale (outcomes refused by fencing), throughput in tasks
 * per second over the window and over the lifetime, and run times.
 */
public record Figures(long inflight, long inbox, long succeeded, long failed, long stale,
    double tpsWindow, double tpsLifetime, RunTimes runMs) {}
