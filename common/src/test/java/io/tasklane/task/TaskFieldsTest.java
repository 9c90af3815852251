package io.tasklane.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Lua knows every field of the task hash by the constant's name, and no two share a name. */
class TaskFieldsTest {

  @Test
  void everyFieldReachesTheLuaPreludeUnderItsConstantsName() throws Exception {
    int constants = 0;
    for (Field f : TaskFields.class.getFields()) {
      if (!Modifier.isStatic(f.getModifiers()) || f.getType() != String.class) continue;
      constants++;
      String luaName = f.getName().toLowerCase(Locale.ROOT);
      assertThat(TaskFields.BY_LUA_NAME).as(f.getName()).containsEntry(luaName, (String) f.get(null));
    }
    assertThat(TaskFields.BY_LUA_NAME).hasSize(constants);
    assertThat(TaskFields.BY_LUA_NAME.values()).doesNotHaveDuplicates();
  }

  @Test
  void thePreludeDefinesFieldsStatusesAndTheDefaultAttempts() {
    String lua = TaskFields.luaPrelude();
    assertThat(lua).contains("local F = { type = '" + TaskFields.TYPE + "',")
        .contains(" max_attempts = '" + TaskFields.MAX_ATTEMPTS + "',")
        .contains("local S = { queued = '" + TaskStatus.QUEUED.code() + "',")
        .contains(" retrying = '" + TaskStatus.RETRYING.code() + "',")
        .contains("local DEFAULT_MAX_ATTEMPTS = " + NewTask.DEFAULT_MAX_ATTEMPTS + "\n");
  }
}
