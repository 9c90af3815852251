package io.tasklane.redis;

import java.util.List;
import java.util.Map;

/**
 * Every script with the ARGV names its Java wrapper passes, in order. The header check test
 * compares these with each script's header comment.
 */
public final class Scripts {
  private Scripts() {}

  /**
   * The script an FCALL function name stands for ("claim"), for reading Redis's slow log or
   * commandstats; null when the name is not one of Tasklane's.
   */
  public static String nameOfFunction(String function) {
    return ScriptLibrary.scriptOf(function);
  }

  public static Map<LuaScript, List<String>> all() {
    return Map.ofEntries(
        Map.entry(PromoteScript.SCRIPT, PromoteScript.ARGV),
        Map.entry(SetStrategyScript.SCRIPT, SetStrategyScript.ARGV),
        Map.entry(UndrainScript.SCRIPT, UndrainScript.ARGV),
        Map.entry(ReclaimScript.SCRIPT, ReclaimScript.ARGV),
        Map.entry(ForgetScript.SCRIPT, ForgetScript.ARGV),
        Map.entry(ReconcileScript.SCRIPT, ReconcileScript.ARGV),
        Map.entry(DeadLetterScripts.RETRY, DeadLetterScripts.RETRY_ARGV),
        Map.entry(DeadLetterScripts.PURGE, DeadLetterScripts.PURGE_ARGV),
        Map.entry(SubmitScript.SCRIPT, SubmitScript.ARGV),
        Map.entry(ClaimScript.SCRIPT, ClaimScript.ARGV),
        Map.entry(CompleteScript.SCRIPT, CompleteScript.ARGV),
        Map.entry(RegisterScript.SCRIPT, RegisterScript.ARGV),
        Map.entry(HeartbeatScript.SCRIPT, HeartbeatScript.ARGV),
        Map.entry(DrainScript.SCRIPT, DrainScript.ARGV),
        Map.entry(DeregisterScript.SCRIPT, DeregisterScript.ARGV),
        Map.entry(DispatchScript.SCRIPT, DispatchScript.ARGV));
  }
}
