package io.tasklane.task;

/**
 * How one attempt of a task ended: success with a result (JSON text); a failure that may be
 * retried while attempts remain; or a fatal failure that dead-letters the task at once (no
 * handler for its type, a payload that cannot be decoded). Carries the handler's run time.
 */
public record Outcome(String id, int attempt, Kind kind, String body, long runMicros) {

  /** How the attempt ended. */
  public enum Kind {
    SUCCESS("s"), FAILURE("f"), FATAL("x");

    private final String wire;

    Kind(String wire) { this.wire = wire; }

    public String wire() { return wire; }
  }

  public boolean ok() { return kind == Kind.SUCCESS; }

  public static Outcome success(ClaimedTask t, String resultJson, long runMicros) {
    return new Outcome(t.id(), t.attempt(), Kind.SUCCESS, resultJson, runMicros);
  }

  /** A failure; the task is retried with backoff while it has attempts left. */
  public static Outcome failure(ClaimedTask t, String error, long runMicros) {
    return new Outcome(t.id(), t.attempt(), Kind.FAILURE, error, runMicros);
  }

  /** A failure no retry can mend: the task goes to the dead list now. */
  public static Outcome fatal(ClaimedTask t, String reason, long runMicros) {
    return new Outcome(t.id(), t.attempt(), Kind.FATAL, reason, runMicros);
  }
}
