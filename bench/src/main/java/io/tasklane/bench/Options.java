package io.tasklane.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code --name value} options and positional arguments; every option takes one value. */
final class Options {
  private final Map<String, String> values = new HashMap<>();
  private final List<String> positional = new ArrayList<>();

  static Options parse(String[] args) {
    Options o = new Options();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.startsWith("--")) {
        if (i + 1 >= args.length) throw new IllegalArgumentException(a + " needs a value");
        o.values.put(a.substring(2), args[++i]);
      } else {
        o.positional.add(a);
      }
    }
    return o;
  }

  List<String> positional() { return positional; }

  String string(String name, String dflt) {
    return values.getOrDefault(name, dflt);
  }

  String required(String name) {
    String v = values.get(name);
    if (v == null) throw new IllegalArgumentException("--" + name + " is required");
    return v;
  }

  int integer(String name, int dflt) {
    String v = values.get(name);
    if (v == null) return dflt;
    try {
      return Integer.parseInt(v.replace("_", "").replace(",", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " wants a whole number, not '" + v + "'");
    }
  }

  List<Integer> integers(String name, String dflt) {
    List<Integer> out = new ArrayList<>();
    for (String s : string(name, dflt).split(",")) out.add(Integer.parseInt(s.trim()));
    return out;
  }

  List<String> strings(String name, String dflt) {
    List<String> out = new ArrayList<>();
    for (String s : string(name, dflt).split(",")) if (!s.isBlank()) out.add(s.trim());
    return out;
  }

  Path path(String name) {
    String v = values.get(name);
    return v == null ? null : Path.of(v);
  }
}
