package io.tasklane.redis;

/** What one reclaim call did: dead workers handled, their tasks requeued and dead-lettered. */
public record Reclaim(int workers, int requeued, int deadLettered) {}
