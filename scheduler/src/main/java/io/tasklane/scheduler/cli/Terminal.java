package io.tasklane.scheduler.cli;

import java.io.Console;
import java.lang.reflect.Method;

/** Whether the command talks to a person at a terminal (progress bars, questions) or to a pipe. */
final class Terminal {
  private Terminal() {}

  /** Asks a question on the terminal; null when there is none to ask on (or at end of input). */
  static String ask(String question) {
    if (!interactive()) return null;
    return System.console().readLine("%s", question);
  }

  static boolean interactive() {
    Console c = System.console();
    if (c == null) return false;
    try {
      // Java 22 and later may return a console for redirected streams; it says whether it is one.
      Method isTerminal = Console.class.getMethod("isTerminal");
      return Boolean.TRUE.equals(isTerminal.invoke(c));
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }
}
