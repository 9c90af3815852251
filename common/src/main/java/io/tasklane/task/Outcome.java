package io.tasklane.task;

/**
 * How one attempt of a task ended: success with a result (JSON text) or failure with an error
 * message, with the handler's run time.
 */
public record Outcome(String id, int attempt, boolean ok, String body, long runMicros) {
  public static Outcome success(ClaimedTask t, String resultJson, long runMicros) {
    return new Outcome(t.id(), t.attempt(), true, resultJson, runMicros);
  }

  public static Outcome failure(ClaimedTask t, String error, long runMicros) {
    return new Outcome(t.id(), t.attempt(), false, error, runMicros);
  }
}
