package io.tasklane.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tasklane.error.InvalidInputException;
import io.tasklane.task.TaskFields;
import org.junit.jupiter.api.Test;

class KeysTest {
  private final Keys k = Keys.of("emails");

  @Test
  void everyKeyCarriesTheQueueHashTag() {
    assertThat(k.prefix()).isEqualTo("tl:{emails}:");
    assertThat(k.task("01AB")).isEqualTo("tl:{emails}:task:01AB");
    assertThat(k.inbox("w1")).isEqualTo("tl:{emails}:worker:w1:inbox");
    assertThat(k.active("w1")).isEqualTo("tl:{emails}:worker:w1:active");
    assertThat(k.alive("w1")).isEqualTo("tl:{emails}:worker:w1:alive");
    assertThat(k.throughput("w1")).isEqualTo("tl:{emails}:stats:w1:tp");
    for (String key : new String[] {k.backlog(), k.delayed(), k.workers(), k.ring(), k.known(),
        k.dead(), k.config(), k.events(), k.stats("w"), k.worker("w")}) {
      assertThat(key).startsWith("tl:{emails}:");
    }
  }

  @Test
  void luaPreludeBuildsTheSameNames() {
    String lua = Keys.luaPrelude();
    assertThat(lua).contains("K.task = function(id) return P .. 'task:' .. id end");
    assertThat(lua).contains("K.inbox = function(w) return P .. 'worker:' .. w .. ':inbox' end");
    assertThat(lua).contains("K.backlog = function() return P .. 'backlog' end");
    assertThat(lua).endsWith(TaskFields.luaPrelude());
  }

  @Test
  void rejectsQueueNamesThatWouldBreakTheHashTag() {
    assertThatThrownBy(() -> Keys.of("a}b")).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("invalid queue name 'a}b'");
    assertThatThrownBy(() -> Keys.of("")).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> Keys.checkWorkerId("a:b")).isInstanceOf(InvalidInputException.class);
    assertThat(Keys.checkWorkerId("host-12-ab.c_d")).isEqualTo("host-12-ab.c_d");
  }
}
