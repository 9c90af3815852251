package io.tasklane.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every script as one Redis function library (FUNCTION LOAD once per Redis, then FCALL): the key
 * schema prelude, each {@code lib/} file once, then one function per script whose body is the
 * script's own text. The libraries' local functions are thus defined when the library loads,
 * not at every call as EVALSHA of the same text would (Lua 5.1 finds each captured local of a
 * new closure by walking a list, which made defining them cost about 14 µs per call,
 * docs/benchmarks.md).
 *
 * <p>A library keeps its locals between calls, so each function starts by setting {@code KEYS},
 * {@code ARGV} and the key prefix {@code P}, and by calling {@code reset_<lib>()} for every
 * included lib that has per-call state. The library's name and its functions' names carry a
 * hash of its text ({@code tasklane_<v>}, {@code tl_<v>_<script>}), so builds with different
 * scripts can share one Redis during a rolling upgrade, each calling its own.
 *
 * @param version the hash of the library's text
 * @param code the text FUNCTION LOAD takes
 * @param functions each script's function name, by script name (built once: calls only look
 *     it up)
 */
record ScriptLibrary(String version, String code, Map<String, String> functions) {
  private static final String VERSION_MARK = "@VERSION@";
  private static final Pattern FUNCTION = Pattern.compile("tl_[0-9a-f]+_(\\w+)");

  private static final class Holder {
    static final ScriptLibrary ALL = of(Scripts.all().keySet());
  }

  /** The library of every script Tasklane runs ({@link Scripts#all()}). */
  static ScriptLibrary get() { return Holder.ALL; }

  static ScriptLibrary of(Collection<LuaScript> scripts) {
    List<LuaScript> sorted = new ArrayList<>(scripts);
    sorted.sort(Comparator.comparing(LuaScript::name));
    List<String> libs = libOrder(sorted);
    StringBuilder b = new StringBuilder("local KEYS, ARGV\n").append(Keys.luaPrelude());
    List<String> resettable = new ArrayList<>();
    for (String lib : libs) {
      String text = LuaScript.read(lib);
      b.append(text).append('\n');
      if (text.contains("local function " + resetFunction(lib) + "()")) resettable.add(lib);
    }
    for (LuaScript s : sorted) {
      b.append("redis.register_function('tl_").append(VERSION_MARK).append('_').append(s.name())
          .append("', function(keys, args)\nKEYS, ARGV, P = keys, args, keys[1]\n");
      for (String lib : s.includes()) {
        if (resettable.contains(lib)) b.append(resetFunction(lib)).append("()\n");
      }
      b.append(s.code()).append("\nend)\n");
    }
    String body = b.toString();
    String version = sha1(body).substring(0, 12);
    Map<String, String> functions = new HashMap<>();
    for (LuaScript s : sorted) functions.put(s.name(), "tl_" + version + "_" + s.name());
    return new ScriptLibrary(version,
        "#!lua name=tasklane_" + version + "\n" + body.replace(VERSION_MARK, version),
        Map.copyOf(functions));
  }

  /** The library's name in Redis. */
  String name() { return "tasklane_" + version; }

  /** The name FCALL calls {@code script} by. */
  String function(LuaScript script) { return functions.get(script.name()); }

  /**
   * The script a function name of any build's library stands for ("tl_<v>_claim" -> "claim"),
   * or null for another name.
   */
  static String scriptOf(String function) {
    Matcher m = FUNCTION.matcher(function);
    return m.matches() ? m.group(1) : null;
  }

  /** "lib/placement" -> "reset_placement". */
  private static String resetFunction(String lib) {
    return "reset_" + lib.substring(lib.lastIndexOf('/') + 1);
  }

  /**
   * The libs the scripts include, in one order that keeps each script's own (a lib may use the
   * locals of those it comes after): a topological order of "comes before", ties broken by
   * first mention.
   */
  static List<String> libOrder(List<LuaScript> scripts) {
    Map<String, Set<String>> after = new LinkedHashMap<>(); // lib -> libs that must precede it
    for (LuaScript s : scripts) {
      List<String> inc = s.includes();
      for (int i = 0; i < inc.size(); i++) {
        after.computeIfAbsent(inc.get(i), k -> new LinkedHashSet<>()).addAll(inc.subList(0, i));
      }
    }
    List<String> order = new ArrayList<>();
    while (order.size() < after.size()) {
      String next = null;
      for (Map.Entry<String, Set<String>> e : after.entrySet()) {
        if (!order.contains(e.getKey()) && order.containsAll(e.getValue())) {
          next = e.getKey();
          break;
        }
      }
      if (next == null) {
        throw new IllegalStateException("the scripts include libs in another order than each "
            + "other: no order keeps them all (" + after + ")");
      }
      order.add(next);
    }
    return order;
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
