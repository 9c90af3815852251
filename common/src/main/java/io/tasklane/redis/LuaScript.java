package io.tasklane.redis;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Lua script from {@code io/tasklane/lua/NAME.lua}: its body runs as one function of the
 * {@link ScriptLibrary}, after the key schema prelude ({@link Keys#luaPrelude()}) and the
 * {@code lib/} files its {@code --@include lib/x} lines name. The header comment names the KEYS
 * and ARGV the script takes; {@link #argvNames()} reads it.
 */
public final class LuaScript {
  private static final Pattern INCLUDE = Pattern.compile("(?m)^--@include (\\S+)\\s*$");
  private static final Pattern ARGV = Pattern.compile("(?m)^\\s*ARGV\\[(\\d+)(\\.\\.)?\\]\\s+(\\w+)");
  private static final Pattern KEYS = Pattern.compile("(?m)^\\s*KEYS\\[(\\d+)\\]\\s");

  private final String name;
  private final String source;
  private final List<String> includes;

  private LuaScript(String name, String source) {
    this.name = name;
    this.source = source;
    List<String> found = new ArrayList<>();
    Matcher m = INCLUDE.matcher(source);
    while (m.find()) found.add(m.group(1));
    this.includes = List.copyOf(found);
  }

  /** Loads {@code io/tasklane/lua/<name>.lua} from the class path. */
  public static LuaScript load(String name) {
    return new LuaScript(name, read(name));
  }

  /** A script with the given text, for tests. */
  static LuaScript of(String name, String source) {
    return new LuaScript(name, source);
  }

  public String name() { return name; }

  /** The {@code lib/} files the script includes, in the order it names them ("lib/live", ...). */
  public List<String> includes() { return includes; }

  /** The script's own text, without its include lines. */
  public String code() { return INCLUDE.matcher(source).replaceAll(""); }

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

  /** The text of {@code io/tasklane/lua/<name>.lua}. */
  static String read(String name) {
    String path = "/io/tasklane/lua/" + name + ".lua";
    try (InputStream in = LuaScript.class.getResourceAsStream(path)) {
      if (in == null) throw new IllegalStateException("missing Lua resource " + path);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read Lua resource " + path, e);
    }
  }
}
