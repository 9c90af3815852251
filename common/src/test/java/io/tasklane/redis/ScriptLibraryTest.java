package io.tasklane.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisCommandExecutionException;
import io.tasklane.task.ClaimedTask;
import io.tasklane.task.Outcome;
import io.tasklane.testing.QueueFixture;
import io.tasklane.testing.RedisExtension;
import io.tasklane.testing.TestRedis;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisExtension.class)
class ScriptLibraryTest {

  @Test
  void everyScriptIsOneFunctionOfOneLibrary(TestRedis redis) {
    try (QueueFixture f = new QueueFixture(redis)) {
      f.redis.loadLibrary();
      f.redis.loadLibrary(); // a library already there is left as it is
      ScriptLibrary lib = ScriptLibrary.get();
      String listed = String.valueOf(f.probe.command("FUNCTION", "LIST", "LIBRARYNAME",
          lib.name()));
      for (LuaScript s : Scripts.all().keySet()) {
        assertThat(listed).as(s.name()).contains(lib.function(s));
      }
      assertThat(lib.code()).startsWith("#!lua name=" + lib.name() + "\n");
    }
  }

  @Test
  void aRedisThatLostTheLibraryGetsItAgainOnTheNextCall(TestRedis redis) throws Exception {
    try (QueueFixture f = new QueueFixture(redis)) {
      f.worker("w", 4);
      f.probe.command("FUNCTION", "FLUSH");
      f.submit("t", 2); // a blocking call
      f.probe.command("FUNCTION", "FLUSH");
      List<ClaimedTask> claimed = f.queue.claimAsync("w", 2).get(10, TimeUnit.SECONDS);
      assertThat(claimed).extracting(ClaimedTask::id).containsExactly("t-0", "t-1");
      f.probe.command("FUNCTION", "FLUSH");
      List<Outcome> done = claimed.stream()
          .map(c -> Outcome.success(c, "null", 5)).toList();
      assertThat(f.queue.completeAsync("w", done, 0).get(10, TimeUnit.SECONDS).accepted())
          .isEqualTo(2);
      assertThat(f.status("t-0")).isEqualTo("succeeded");
      assertThat(f.status("t-1")).isEqualTo("succeeded");
    }
  }

  @Test
  void callsDoNotShareStateThroughTheLibrary(TestRedis redis) {
    // The library's locals outlive a call: each call must start from its own queue prefix and
    // empty placement state, or one queue's call would write into another's keys.
    try (QueueFixture a = new QueueFixture(redis, "a");
         QueueFixture b = new QueueFixture(redis, "b")) {
      a.worker("wa", 5);
      b.worker("wb", 5);
      for (int i = 0; i < 3; i++) {
        a.submit("a" + i, 1);
        b.submit("b" + i, 1);
      }
      assertThat(a.probe.lrange(a.keys.inbox("wa"))).containsExactly("a0-0", "a1-0", "a2-0");
      assertThat(b.probe.lrange(b.keys.inbox("wb"))).containsExactly("b0-0", "b1-0", "b2-0");
      assertThat(a.inflight("wa")).isEqualTo(3);
      assertThat(b.inflight("wb")).isEqualTo(3);
      assertThat(a.probe.keys("tl:{a}:task:*")).containsExactlyInAnyOrder(
          a.keys.task("a0-0"), a.keys.task("a1-0"), a.keys.task("a2-0"));
      assertThat(b.probe.keys("tl:{b}:task:*")).containsExactlyInAnyOrder(
          b.keys.task("b0-0"), b.keys.task("b1-0"), b.keys.task("b2-0"));
    }
  }

  @Test
  void aFunctionNameGivesBackItsScript() {
    ScriptLibrary lib = ScriptLibrary.get();
    for (LuaScript s : Scripts.all().keySet()) {
      assertThat(Scripts.nameOfFunction(lib.function(s))).isEqualTo(s.name());
    }
    assertThat(Scripts.nameOfFunction("tl_0123456789ab_purge_dead")).isEqualTo("purge_dead");
    assertThat(Scripts.nameOfFunction("myfunc")).isNull();
  }

  @Test
  void libsComeInAnOrderThatKeepsEveryScriptsOwn() {
    assertThat(ScriptLibrary.libOrder(List.copyOf(Scripts.all().keySet())))
        .containsExactly("lib/live", "lib/placement", "lib/times", "lib/claim", "lib/requeue");
  }

  @Test
  void aLibIncludedInTwoOrdersIsRefused() {
    LuaScript one = LuaScript.load("complete");
    LuaScript other = LuaScript.of("other", "--@include lib/times\n--@include lib/live\n");
    assertThatThrownBy(() -> ScriptLibrary.libOrder(List.of(one, other)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("another order");
  }

  @Test
  void aRedisWithoutFunctionsGetsOneClearLine() {
    RedisUrl url = RedisUrl.parse("redis://u:secret@127.0.0.1:1");
    for (String answer : List.of(
        "ERR unknown command 'FCALL', with args beginning with: 'tl_x_submit' '1' ", // 7.x
        "ERR unknown command `FCALL`, with args beginning with: `tl_x_submit`, `1`, ", // 6.x
        "ERR unknown command `FUNCTION`, with args beginning with: `LOAD`, ")) {
      String msg = Redis.translate(url, new RedisCommandExecutionException(answer)).getMessage();
      assertThat(msg).as(answer).contains("Redis 7.0 or newer").contains("FCALL")
          .doesNotContain("secret");
    }
  }
}
