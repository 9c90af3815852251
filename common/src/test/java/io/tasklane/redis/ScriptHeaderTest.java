package io.tasklane.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each script's header documents exactly the arguments its Java wrapper passes, in order. */
class ScriptHeaderTest {

  @Test
  void headersMatchTheWrappers() {
    assertThat(Scripts.all()).hasSize(16);
    for (Map.Entry<LuaScript, List<String>> e : Scripts.all().entrySet()) {
      LuaScript s = e.getKey();
      assertThat(s.header()).as(s.name()).contains("Returns:");
      assertThat(s.keyCount()).as(s.name() + " KEYS").isEqualTo(1);
      assertThat(s.argvNames()).as(s.name() + " ARGV").containsExactlyElementsOf(e.getValue());
    }
  }

  @Test
  void includesAreKnownLibsAndLeaveNoIncludeLines() {
    LuaScript s = LuaScript.load("complete");
    assertThat(s.includes()).containsExactly("lib/live", "lib/placement", "lib/times",
        "lib/claim", "lib/requeue");
    assertThat(s.code()).doesNotContain("--@include").contains("pl_begin()");
  }
}
