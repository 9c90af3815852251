package io.tasklane.redis;

/**
 * The answer to a heartbeat: the worker's state ({@code active}, {@code draining}, or
 * {@code unknown} when it must register again) and how many tasks wait in its inbox.
 */
public record Heartbeat(String state, int inboxLength) {
  public boolean mustRegister() { return "unknown".equals(state); }
}
