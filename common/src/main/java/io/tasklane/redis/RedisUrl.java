package io.tasklane.redis;

import io.tasklane.error.InvalidInputException;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * A Redis URL: {@code redis://[user[:password]@]host[:port][/db]} or {@code rediss://…} for TLS.
 * {@link #toString()} masks the password, so the URL can go into messages and logs.
 */
public final class RedisUrl {
  /** The URL used when neither --redis nor $TASKLANE_REDIS_URL is given. */
  public static final String DEFAULT = "redis://127.0.0.1:6379";

  private final String raw;
  private final String masked;

  private RedisUrl(String raw, String masked) {
    this.raw = raw;
    this.masked = masked;
  }

  /** Parses and checks a URL; a bad one gives an {@link InvalidInputException} saying why. */
  public static RedisUrl parse(String text) {
    if (text == null || text.isBlank()) {
      throw new InvalidInputException("empty Redis URL: give one like " + DEFAULT);
    }
    URI uri;
    try {
      uri = new URI(text.trim());
    } catch (URISyntaxException e) {
      throw new InvalidInputException("invalid Redis URL '" + maskLoosely(text) + "': "
          + e.getReason() + "; use redis://[user:password@]host[:port][/db]");
    }
    String scheme = uri.getScheme();
    if (!"redis".equals(scheme) && !"rediss".equals(scheme)) {
      throw new InvalidInputException("invalid Redis URL '" + maskLoosely(text)
          + "': the scheme must be redis:// or rediss://");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new InvalidInputException("invalid Redis URL '" + maskLoosely(text)
          + "': no host; use redis://[user:password@]host[:port][/db]");
    }
    String path = uri.getPath();
    if (path != null && !path.isEmpty() && !path.equals("/")
        && !path.substring(1).matches("\\d{1,5}")) {
      throw new InvalidInputException("invalid Redis URL '" + maskLoosely(text)
          + "': the database after '/' must be a number");
    }
    String userInfo = uri.getRawUserInfo();
    String maskedText = text.trim();
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      String shown = colon < 0 ? "***" : userInfo.substring(0, colon) + ":***";
      if (colon == 0) shown = ":***";
      maskedText = scheme + "://" + shown + "@" + maskedText.substring(
          maskedText.indexOf('@', scheme.length() + 3) + 1);
    }
    return new RedisUrl(text.trim(), maskedText);
  }

  /** The URL with its password, for connecting only: never log it. */
  String secret() { return raw; }

  @Override
  public String toString() { return masked; }

  /** Masks whatever sits between "://" and the last '@' of a URL that did not parse. */
  static String maskLoosely(String text) {
    int start = text.indexOf("://");
    int at = text.lastIndexOf('@');
    if (start < 0 || at < start) return text;
    return text.substring(0, start + 3) + "***" + text.substring(at);
  }
}
