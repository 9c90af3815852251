package io.tasklane.redis;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Lua script from {@code io/tasklane/lua/NAME.lua}: its {@code --@include lib/x} lines are
 * replaced by those files and the key schema prelude ({@link Keys#luaPrelude()}) goes first.
 * The header comment names the KEYS and ARGV the script takes; {@link #argvNames()} reads it.
 */
public final class LuaScript {
  private static final Pattern INCLUDE = Pattern.compile("(?m)^--@include (\\S+)\\s*$");
  private static final Pattern ARGV = Pattern.compile("(?m)^\\s*ARGV\\[(\\d+)(\\.\\.)?\\]\\s+(\\w+)");
  private static final Pattern KEYS = Pattern.compile("(?m)^\\s*KEYS\\[(\\d+)\\]\\s");

  private final String name;
  private final String source;
  private final String body;
  private final String sha;

  private LuaScript(String name, String source) {
    this.name = name;
    this.source = source;
    this.body = Keys.luaPrelude() + resolveIncludes(source);
    this.sha = sha1(body);
  }

  /** Loads {@code io/tasklane/lua/<name>.lua} from the class path. */
  public static LuaScript load(String name) {
    return new LuaScript(name, read(name));
  }

  public String name() { return name; }

  /** The text sent to Redis: prelude, includes resolved. */
  public String body() { return body; }

  /** The SHA-1 Redis knows the body by. */
  public String sha() { return sha; }

  /**
   * The fixed ARGV names the header documents, in order ("count" for ARGV[3], and so on);
   * a repeated tail such as {@code ARGV[4..]} is not named.
   */
  public List<String> argvNames() {
    List<String> names = new ArrayList<>();
    Matcher m = ARGV.matcher(header());
    while (m.find()) {
      if (m.group(2) == null) names.add(m.group(3));
    }
    return names;
  }

  /** How many KEYS the header documents. */
  public int keyCount() {
    int n = 0;
    Matcher m = KEYS.matcher(header());
    while (m.find()) n++;
    return n;
  }

  /** The opening comment block of the script's own file. */
  public String header() {
    int start = source.indexOf("--[[");
    int end = source.indexOf("]]");
    return start == 0 && end > 0 ? source.substring(4, end) : "";
  }

  private static String resolveIncludes(String text) {
    Matcher m = INCLUDE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) m.appendReplacement(out, Matcher.quoteReplacement(read(m.group(1))));
    m.appendTail(out);
    return out.toString();
  }

  private static String read(String name) {
    String path = "/io/tasklane/lua/" + name + ".lua";
    try (InputStream in = LuaScript.class.getResourceAsStream(path)) {
      if (in == null) throw new IllegalStateException("missing Lua resource " + path);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read Lua resource " + path, e);
    }
  }

  private static String sha1(String text) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
