package io.tasklane.redis;

import io.tasklane.error.DuplicateTaskException;
import io.tasklane.error.InvalidInputException;
import io.tasklane.task.NewTask;
import java.util.ArrayList;
import java.util.List;

/** Typed call of {@code submit.lua}: stores and places a batch of new tasks atomically. */
final class SubmitScript {
  static final LuaScript SCRIPT = LuaScript.load("submit");
  static final List<String> ARGV = List.of("now", "if_absent", "check_types", "count");

  private SubmitScript() {}

  static SubmitResult run(Redis redis, Keys keys, long now, boolean ifAbsent, boolean checkTypes,
      List<NewTask> tasks) {
    String[] args = new String[4 + tasks.size() * 6];
    args[0] = Long.toString(now);
    args[1] = ifAbsent ? "1" : "0";
    args[2] = checkTypes ? "1" : "0";
    args[3] = Integer.toString(tasks.size());
    int i = 4;
    for (NewTask t : tasks) {
      args[i++] = t.id();
      args[i++] = t.type();
      args[i++] = t.payload();
      args[i++] = Integer.toString(t.maxAttempts());
      args[i++] = Long.toString(t.timeoutMs());
      args[i++] = t.key() == null ? "" : t.key();
    }
    List<Object> r = redis.eval(SCRIPT, keys.prefix(), args);
    if ("dup".equals(r.get(0))) throw new DuplicateTaskException((String) r.get(1));
    if ("type".equals(r.get(0))) {
      throw new InvalidInputException("unknown task type '" + r.get(1) + "': no worker of queue '"
          + keys.queue() + "' has a handler for it; start a worker that has one, or allow any type "
          + "(submit-task --any-type)");
    }
    List<String> skipped = new ArrayList<>();
    for (int j = 3; j < r.size(); j++) skipped.add((String) r.get(j));
    return new SubmitResult(toInt(r.get(1)), toInt(r.get(2)), skipped);
  }

  static int toInt(Object o) {
    return ((Number) o).intValue();
  }
}
