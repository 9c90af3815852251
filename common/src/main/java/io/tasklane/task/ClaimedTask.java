package io.tasklane.task;

/** A task a worker has claimed: attempt is the fencing token its outcome must carry. */
public record ClaimedTask(String id, String type, String payload, int attempt, long timeoutMs) {}
