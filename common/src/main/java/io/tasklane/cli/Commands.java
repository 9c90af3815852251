package io.tasklane.cli;

import io.tasklane.error.InvalidInputException;
import io.tasklane.error.RedisUnavailableException;
import io.tasklane.error.TasklaneException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * Runs a picocli command and turns every failure into one line on stderr and an exit code:
 * bad usage and bad input 2, Redis unavailable 3, anything else 4 (with -v, the stack trace too).
 */
public final class Commands {
  private Commands() {}

  /** Parses, runs and returns the exit code; for tests and embedding. */
  public static int execute(Object command, String... args) {
    CommandLine cl = new CommandLine(command);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setParameterExceptionHandler(Commands::badUsage);
    cl.setExecutionExceptionHandler((e, line, parsed) -> failure(e, line));
    return cl.execute(args);
  }

  /** Runs the command and exits the JVM with its code. */
  public static void main(Object command, String... args) {
    System.exit(execute(command, args));
  }

  private static int badUsage(ParameterException e, String[] args) {
    CommandLine cl = e.getCommandLine();
    String msg = e.getMessage();
    Throwable cause = e.getCause();
    if (cause instanceof TasklaneException te) msg = te.getMessage();
    cl.getErr().println(cl.getCommandName() + ": " + msg + " (see --help)");
    return ExitCode.BAD_INPUT;
  }

  private static int failure(Exception e, CommandLine cl) {
    PrintWriter err = cl.getErr();
    Throwable t = e;
    if (t instanceof CommandLine.ExecutionException && t.getCause() != null) t = t.getCause();
    boolean verbose = isVerbose(cl);
    int code;
    String msg;
    if (t instanceof InvalidInputException) {
      code = ExitCode.BAD_INPUT;
      msg = t.getMessage();
    } else if (t instanceof RedisUnavailableException) {
      code = ExitCode.REDIS_UNAVAILABLE;
      msg = t.getMessage();
    } else if (t instanceof TasklaneException) {
      code = ExitCode.INTERNAL;
      msg = t.getMessage();
    } else {
      code = ExitCode.INTERNAL;
      msg = "unexpected " + t.getClass().getSimpleName() + ": " + t.getMessage()
          + (verbose ? "" : " (run with -v for details)");
    }
    err.println(cl.getCommandSpec().qualifiedName() + ": " + msg);
    if (verbose) t.printStackTrace(err);
    err.flush();
    return code;
  }

  private static boolean isVerbose(CommandLine cl) {
    CommandLine.Model.OptionSpec v = cl.getParseResult() == null ? null
        : cl.getParseResult().matchedOption("--verbose");
    return v != null && Boolean.TRUE.equals(v.getValue());
  }
}
