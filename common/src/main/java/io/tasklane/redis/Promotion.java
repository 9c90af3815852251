package io.tasklane.redis;

/** Tasks one promote call moved to the backlog, and when the next one is due (-1: none). */
public record Promotion(int promoted, long nextDueMs) {}
