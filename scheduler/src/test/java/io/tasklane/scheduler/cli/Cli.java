package io.tasklane.scheduler.cli;

import io.tasklane.cli.Commands;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Runs a command in-process the way main does, capturing stdout and stderr (and feeding stdin). */
final class Cli {
  private static final Object LOCK = new Object();

  private Cli() {}

  record Result(int code, String out, String err) {
    List<String> outLines() {
      return out.lines().toList();
    }

    List<String> errLines() {
      return err.lines().toList();
    }
  }

  static Result run(Object command, String... args) {
    return runWithStdin("", command, args);
  }

  static Result runWithStdin(String stdin, Object command, String... args) {
    synchronized (LOCK) {
      PrintStream out = System.out;
      PrintStream err = System.err;
      InputStream in = System.in;
      ByteArrayOutputStream o = new ByteArrayOutputStream();
      ByteArrayOutputStream e = new ByteArrayOutputStream();
      try {
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        int code = Commands.execute(command, args);
        System.out.flush();
        System.err.flush();
        return new Result(code, o.toString(StandardCharsets.UTF_8),
            e.toString(StandardCharsets.UTF_8));
      } finally {
        System.setOut(out);
        System.setErr(err);
        System.setIn(in);
      }
    }
  }
}
