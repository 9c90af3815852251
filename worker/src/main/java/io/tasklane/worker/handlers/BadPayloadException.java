package io.tasklane.worker.handlers;

import io.tasklane.handler.TaskFailure;

/**
 * A built-in handler's payload lacks a field or holds a value it cannot use. Permanent: the task
 * is dead-lettered at once with this message, since bad input does not get better by retrying.
 */
public final class BadPayloadException extends TaskFailure {
  public BadPayloadException(String message) {
    super(message, true);
  }
}
