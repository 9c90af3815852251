package io.tasklane.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Redis's {@code INFO commandstats}: calls and microseconds per command. Commands that scripts
 * run with {@code redis.call} are counted under their own names too, so {@link #calls()} is every
 * command Redis executed, and {@link #scriptCalls()} the round trips that ran a script. The
 * benchmark's own reads ({@code INFO}, {@code SLOWLOG}, {@code CONFIG}, {@code MEMORY}) are left
 * out of every total.
 */
record CommandStats(Map<String, Stat> byCommand) {
  /** One command's counters; {@code usec} includes the commands a script ran. */
  record Stat(long calls, long usec) {
    double usecPerCall() {
      return calls == 0 ? 0 : (double) usec / calls;
    }
  }

  private static final Set<String> SCRIPT_COMMANDS =
      Set.of("evalsha", "eval", "evalsha_ro", "eval_ro", "fcall", "fcall_ro");

  /** Parses the text of {@code INFO commandstats}. */
  static CommandStats parse(String info) {
    Map<String, Stat> out = new LinkedHashMap<>();
    for (String line : info.split("\r?\n")) {
      if (!line.startsWith("cmdstat_")) continue;
      int colon = line.indexOf(':');
      if (colon < 0) continue;
      String name = line.substring("cmdstat_".length(), colon);
      long calls = 0;
      long usec = 0;
      for (String kv : line.substring(colon + 1).split(",")) {
        int eq = kv.indexOf('=');
        if (eq < 0) continue;
        String k = kv.substring(0, eq);
        if (k.equals("calls")) calls = Long.parseLong(kv.substring(eq + 1).trim());
        else if (k.equals("usec")) usec = Long.parseLong(kv.substring(eq + 1).trim());
      }
      out.put(name, new Stat(calls, usec));
    }
    return new CommandStats(out);
  }

  /** What happened between {@code before} and this reading. */
  CommandStats minus(CommandStats before) {
    Map<String, Stat> out = new LinkedHashMap<>();
    for (Map.Entry<String, Stat> e : byCommand.entrySet()) {
      Stat b = before.byCommand.getOrDefault(e.getKey(), new Stat(0, 0));
      long calls = e.getValue().calls() - b.calls();
      if (calls > 0) out.put(e.getKey(), new Stat(calls, e.getValue().usec() - b.usec()));
    }
    return new CommandStats(out);
  }

  static boolean isMeasurement(String command) {
    return command.equals("info") || command.startsWith("slowlog") || command.startsWith("config")
        || command.startsWith("memory");
  }

  /** Every command executed, scripts' own commands included, the benchmark's reads excluded. */
  long calls() {
    long n = 0;
    for (Map.Entry<String, Stat> e : byCommand.entrySet()) {
      if (!isMeasurement(e.getKey())) n += e.getValue().calls();
    }
    return n;
  }

  /** Calls that ran a script (one round trip each). */
  long scriptCalls() {
    long n = 0;
    for (String c : SCRIPT_COMMANDS) {
      Stat s = byCommand.get(c);
      if (s != null) n += s.calls();
    }
    return n;
  }

  /** The {@code limit} commands called most, the benchmark's reads excluded. */
  List<Map.Entry<String, Stat>> top(int limit) {
    List<Map.Entry<String, Stat>> all = new ArrayList<>();
    for (Map.Entry<String, Stat> e : byCommand.entrySet()) {
      if (!isMeasurement(e.getKey())) all.add(e);
    }
    all.sort(Comparator.comparingLong((Map.Entry<String, Stat> e) -> e.getValue().calls())
        .reversed());
    return all.subList(0, Math.min(limit, all.size()));
  }

  /**
   * The top commands as JSON-ready maps: name, calls per {@code per} unit of work, microseconds
   * per call.
   */
  List<Map<String, Object>> topAsJson(int limit, double per) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Map.Entry<String, Stat> e : top(limit)) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("cmd", e.getKey());
      m.put("calls_per", Results.round(e.getValue().calls() / per));
      m.put("usec_per_call", Results.round(e.getValue().usecPerCall()));
      out.add(m);
    }
    return out;
  }
}
