package io.tasklane.error;

/** Input that cannot be accepted: a bad payload, ID, name, number or duration. Exit code 2. */
public class InvalidInputException extends TasklaneException {
  public InvalidInputException(String message) { super(message); }
}
