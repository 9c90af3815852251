package io.tasklane.redis;

/** Tasks one dispatch call assigned and the backlog length it left. */
public record DispatchResult(int assigned, long backlog) {}
