package io.tasklane.task;

import com.github.f4b6a3.ulid.UlidFactory;
import io.tasklane.error.InvalidInputException;
import java.util.regex.Pattern;

/** Task IDs: monotonic ULIDs by default (time-ordered, 26 characters); caller-given IDs checked. */
public final class TaskIds {
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
  private static final UlidFactory FACTORY = UlidFactory.newMonotonicInstance();

  private TaskIds() {}

  /** A new ID, later than every ID this process made before. */
  public static String next() {
    return FACTORY.create().toString();
  }

  public static boolean isValid(String id) {
    return id != null && VALID.matcher(id).matches();
  }

  /** Returns the ID when valid, else throws with a message that says what is allowed. */
  public static String check(String id) {
    if (!isValid(id)) {
      throw new InvalidInputException("invalid task id '" + abbreviate(id)
          + "': use 1 to 128 letters, digits, '.', '_', ':' or '-'");
    }
    return id;
  }

  static String abbreviate(String s) {
    if (s == null) return "null";
    return s.length() <= 40 ? s : s.substring(0, 37) + "...";
  }
}
