package io.tasklane.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/** The -v/--verbose option: debug logging for Tasklane and stack traces on errors. */
public final class Verbosity {
  private boolean verbose;

  @Option(names = {"-v", "--verbose"},
      description = "log more and show stack traces on errors")
  void setVerbose(boolean v) {
    verbose = v;
    if (v && LoggerFactory.getLogger("io.tasklane") instanceof Logger l) l.setLevel(Level.DEBUG);
  }

  public boolean verbose() { return verbose; }
}
