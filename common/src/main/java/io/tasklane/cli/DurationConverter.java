package io.tasklane.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads durations such as {@code 500ms}, {@code 2s}, {@code 1.5m}, {@code 1h}, {@code 7d} or ISO {@code PT2S}. */
public final class DurationConverter implements ITypeConverter<Duration> {
  private static final Pattern SIMPLE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d)");

  @Override
  public Duration convert(String value) {
    return parse(value);
  }

  public static Duration parse(String value) {
    String v = value == null ? "" : value.trim();
    Matcher m = SIMPLE.matcher(v);
    if (m.matches()) {
      double n = Double.parseDouble(m.group(1));
      double ms = switch (m.group(2)) {
        case "ms" -> n;
        case "s" -> n * 1_000;
        case "m" -> n * 60_000;
        case "h" -> n * 3_600_000;
        default -> n * 86_400_000;
      };
      if (ms > Long.MAX_VALUE / 2) throw invalid(value);
      return Duration.ofMillis(Math.round(ms));
    }
    if (v.startsWith("PT") || v.startsWith("pt")) {
      try {
        Duration d = Duration.parse(v.toUpperCase());
        if (!d.isNegative()) return d;
      } catch (DateTimeParseException e) {
        // falls through to the error below
      }
    }
    throw invalid(value);
  }

  private static TypeConversionException invalid(String value) {
    return new TypeConversionException("invalid duration '" + value
        + "': use a number with ms, s, m, h or d, such as 500ms, 2s or 5m");
  }
}
