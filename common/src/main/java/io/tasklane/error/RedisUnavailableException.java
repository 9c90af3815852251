package io.tasklane.error;

/**
 * Redis could not serve a request: unreachable, refused (authentication) or out of memory.
 * The message names the URL with its password masked. Exit code 3.
 */
public class RedisUnavailableException extends TasklaneException {
  public RedisUnavailableException(String message, Throwable cause) { super(message, cause); }
}
