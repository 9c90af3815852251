package io.tasklane.scheduler.cli;

import io.tasklane.error.InvalidInputException;
import io.tasklane.scheduler.submit.TaskLines;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads the files commands take, a path or "-" for stdin, as strict UTF-8. Every failure is bad
 * input whose message names the file.
 */
final class InputFiles {
  /** Bytes a payload file may hold beyond the payload cap (blanks around the JSON). */
  static final int BLANK_SLACK = 64 * 1024;

  private InputFiles() {}

  /** How messages name the file. */
  static String name(String path) {
    return "-".equals(path) ? "standard input" : path;
  }

  /**
   * A payload file as text. A file much larger than the cap is refused without being read
   * whole: leading and trailing blanks are allowed beyond the cap, up to {@link #BLANK_SLACK}.
   */
  static String payload(String path, int maxPayloadBytes) {
    String what = "payload file";
    int limit = (int) Math.min(Integer.MAX_VALUE - 8, (long) maxPayloadBytes + BLANK_SLACK);
    try (InputStream in = open(path)) {
      byte[] bytes = in.readNBytes(limit + 1);
      if (bytes.length > limit) {
        throw new InvalidInputException(what + " " + name(path) + " holds more than " + limit
            + " bytes, over the cap of " + maxPayloadBytes + " bytes: make it smaller or raise "
            + "--max-payload-bytes");
      }
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new InvalidInputException(what + " " + name(path) + " is not UTF-8 text");
    } catch (IOException | InvalidPathException e) {
      throw unreadable(what, path, e);
    }
  }

  /** The tasks of a JSON-lines file; a file with no task at all is bad input. */
  static TaskLines.Parsed taskLines(String path, TaskLines.Defaults defaults) {
    try (InputStream in = open(path)) {
      TaskLines.Parsed parsed = TaskLines.parse(in, defaults);
      if (parsed.ok() && parsed.tasks().isEmpty()) {
        throw new InvalidInputException("holds no task: give one JSON object per line");
      }
      return parsed;
    } catch (InvalidInputException e) {
      throw new InvalidInputException(name(path) + ": " + e.getMessage());
    } catch (IOException | InvalidPathException e) {
      throw unreadable("task file", path, e);
    }
  }

  /** The file, or stdin for "-" (left open: it is not ours to close). */
  private static InputStream open(String path) throws IOException {
    if ("-".equals(path)) {
      return new FilterInputStream(System.in) {
        @Override
        public void close() {}
      };
    }
    return Files.newInputStream(Path.of(path));
  }

  private static InvalidInputException unreadable(String what, String path, Exception e) {
    String why;
    if (e instanceof NoSuchFileException) why = "no such file";
    else if (e instanceof AccessDeniedException) why = "permission denied";
    else if (e instanceof InvalidPathException) why = "not a valid path";
    else if (Files.isDirectory(Path.of(path))) why = "it is a directory";
    else why = e.getMessage();
    return new InvalidInputException("cannot read " + what + " " + path + ": " + why);
  }
}
