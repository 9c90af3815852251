package io.tasklane.scheduler.stats;

/**
 * The numbers shown for one worker or for all of them: tasks in flight (inbox plus running),
 * in the inbox, succeeded, failed (attempts that failed, retried or not), dead (tasks it
 * dead-lettered), stale (outcomes refused by fencing), reclaimed (tasks taken back after it
 * died), stolen (unstarted tasks it took from other workers' inboxes), throughput in tasks per
 * second over the window and over the lifetime, and run times.
 */
public record Figures(long inflight, long inbox, long succeeded, long failed, long dead,
    long stale, long reclaimed, long stolen, double tpsWindow, double tpsLifetime,
    RunTimes runMs) {}
