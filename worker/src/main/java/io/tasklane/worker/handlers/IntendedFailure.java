package io.tasklane.worker.handlers;

/** The failure the {@code fail} handler raises on purpose, with the payload's message. */
public final class IntendedFailure extends Exception {
  public IntendedFailure(String message) {
    super(message, null, false, false);
  }
}
