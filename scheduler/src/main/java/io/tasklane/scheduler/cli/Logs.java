package io.tasklane.scheduler.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import java.util.Arrays;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Silences all logging in a process whose only output is a command's result, unless it runs
 * with -v. Called from {@code main} only: a program embedding a command keeps its logging.
 */
final class Logs {
  private Logs() {}

  static void quietUnlessVerbose(String[] args) {
    List<String> a = Arrays.asList(args);
    if (a.contains("-v") || a.contains("--verbose")) return;
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) return;
    for (Logger l : ctx.getLoggerList()) {
      l.setLevel(Logger.ROOT_LOGGER_NAME.equals(l.getName()) ? Level.OFF : null);
    }
  }
}
