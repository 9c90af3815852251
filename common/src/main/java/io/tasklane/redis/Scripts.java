package io.tasklane.redis;

import java.util.List;
import java.util.Map;

/**
 * Every script with the ARGV names its Java wrapper passes, in order. The header check test
 * compares these with each script's header comment.
 */
public final class Scripts {
  private Scripts() {}

  public static Map<LuaScript, List<String>> all() {
    return Map.of(
        SubmitScript.SCRIPT, SubmitScript.ARGV,
        ClaimScript.SCRIPT, ClaimScript.ARGV,
        CompleteScript.SCRIPT, CompleteScript.ARGV,
        RegisterScript.SCRIPT, RegisterScript.ARGV,
        HeartbeatScript.SCRIPT, HeartbeatScript.ARGV,
        DrainScript.SCRIPT, DrainScript.ARGV,
        DeregisterScript.SCRIPT, DeregisterScript.ARGV,
        DispatchScript.SCRIPT, DispatchScript.ARGV);
  }
}
