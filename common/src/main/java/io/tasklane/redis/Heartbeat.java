package io.tasklane.redis;

/**
 * The answer to a heartbeat: the worker's state ({@code active}, {@code draining}, or
 * {@code unknown} when it must register again), how many tasks wait in its inbox, and how many
 * its active set holds (which should match what it runs). Both counts are 0, without being
 * read, when Redis counts no task in flight on the worker.
 */
public record Heartbeat(String state, int inboxLength, int activeCount) {
  public boolean mustRegister() { return "unknown".equals(state); }
}
