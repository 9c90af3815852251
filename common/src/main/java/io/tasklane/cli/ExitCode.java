package io.tasklane.cli;

/** The exit codes every Tasklane command uses. */
public final class ExitCode {
  public static final int OK = 0;
  /** A task waited for (--wait) failed, or a command's check did not pass. */
  public static final int TASK_FAILED = 1;
  /** Bad usage or bad input: one line says what and where. */
  public static final int BAD_INPUT = 2;
  /** Redis unreachable, refused the credentials, or out of memory. */
  public static final int REDIS_UNAVAILABLE = 3;
  /** Anything unexpected; -v shows the stack trace. */
  public static final int INTERNAL = 4;

  private ExitCode() {}
}
