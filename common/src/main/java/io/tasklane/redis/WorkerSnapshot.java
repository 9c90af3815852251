package io.tasklane.redis;

import java.util.Map;

/**
 * One worker's raw figures as stored: its description hash (where {@code seen}, while the
 * worker lives, is the time of its last heartbeat, taken from its heartbeat key), its counter
 * hash (succeeded, failed, stale, run_us_sum, h&lt;bucket&gt;…), inbox and active sizes, whether
 * its heartbeat key exists, and how many tasks it finished within the window asked for.
 */
public record WorkerSnapshot(String id, Map<String, String> info, Map<String, String> counters,
    long inbox, long active, boolean alive, long finishedInWindow) {}
