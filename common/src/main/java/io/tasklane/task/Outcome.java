package io.tasklane.task;

/**
 * How one attempt of a task ended: success with a result (JSON text); a failure that may be
 * retried while attempts remain; a fatal failure that dead-letters the task at once (no
 * handler for its type, a payload that cannot be decoded); or, for a task the worker claimed
 * ahead of a free slot and never started, its release back to the queue with the attempt
 * unused. Carries the handler's run time and how long the task waited on the worker for a
 * slot ({@code heldMillis}, 0 unless it was claimed ahead).
 */
public record Outcome(String id, int attempt, Kind kind, String body, long runMicros,
    long heldMillis) {

  /** How the attempt ended. */
  public enum Kind {
    SUCCESS("s"), FAILURE("f"), FATAL("x"), RELEASED("u");

    private final String wire;

    Kind(String wire) { this.wire = wire; }

    public String wire() { return wire; }
  }

  public boolean ok() { return kind == Kind.SUCCESS; }

  public static Outcome success(ClaimedTask t, String resultJson, long runMicros) {
    return new Outcome(t.id(), t.attempt(), Kind.SUCCESS, resultJson, runMicros, 0);
  }

  /** A failure; the task is retried with backoff while it has attempts left. */
  public static Outcome failure(ClaimedTask t, String error, long runMicros) {
    return new Outcome(t.id(), t.attempt(), Kind.FAILURE, error, runMicros, 0);
  }

  /** A failure no retry can mend: the task goes to the dead list now. */
  public static Outcome fatal(ClaimedTask t, String reason, long runMicros) {
    return new Outcome(t.id(), t.attempt(), Kind.FATAL, reason, runMicros, 0);
  }

  /** A task claimed ahead of a free slot and never started: back to the queue, attempt unused. */
  public static Outcome released(ClaimedTask t) {
    return new Outcome(t.id(), t.attempt(), Kind.RELEASED, null, 0, 0);
  }

  /** This outcome of a task that waited {@code millis} on the worker before it started. */
  public Outcome heldFor(long millis) {
    return new Outcome(id, attempt, kind, body, runMicros, millis);
  }
}
