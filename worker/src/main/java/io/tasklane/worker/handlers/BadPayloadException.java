package io.tasklane.worker.handlers;

/** A built-in handler's payload lacks a field or holds a value it cannot use; fails the task. */
public final class BadPayloadException extends IllegalArgumentException {
  public BadPayloadException(String message) {
    super(message);
  }
}
