package io.tasklane.scheduler.stats;

import java.util.Map;

/** How many task IDs wait in the queue's lists: backlog, delayed set, dead list, each inbox. */
public record Depths(long backlog, long delayed, long dead, Map<String, Long> inboxes) {}
