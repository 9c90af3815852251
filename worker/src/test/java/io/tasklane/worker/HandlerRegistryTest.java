package io.tasklane.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tasklane.error.InvalidInputException;
import io.tasklane.handler.TaskContext;
import io.tasklane.handler.TaskHandler;
import io.tasklane.worker.handlers.BuiltInHandlers;
import io.tasklane.worker.plugin.ImpostorEchoHandler;
import io.tasklane.worker.plugin.SecondReverseHandler;
import io.tasklane.worker.plugin.ReverseHandler;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HandlerRegistryTest {
  @TempDir Path extraServices;

  @Test
  void hasTheBuiltInsAndThePluginsOnTheClassPath() throws Exception {
    HandlerRegistry r = HandlerRegistry.load(1.0);

    assertThat(r.types()).containsExactly("cpu", "echo", "fail", "noop", "reverse", "sleep");
    assertThat(r.find("reverse")).isInstanceOf(ReverseHandler.class);
    TaskContext task = new TaskContext("t1", "reverse", 1, "{\"text\":\"abc\"}");
    assertThat(r.find("reverse").handle(task)).isEqualTo("\"cba\"");
  }

  @Test
  void findsNothingForAnUnknownType() {
    HandlerRegistry r = HandlerRegistry.load(1.0);

    assertThat(r.find("resize-image")).isNull();
    assertThat(r.find(null)).isNull();
  }

  @Test
  void aPluginMayNotOverrideABuiltIn() throws IOException {
    try (URLClassLoader loader = loaderListing(ImpostorEchoHandler.class)) {
      assertThatThrownBy(() -> HandlerRegistry.load(1.0, loader))
          .isInstanceOf(InvalidInputException.class)
          .hasMessage("handler plug-in " + ImpostorEchoHandler.class.getName()
              + " declares task type 'echo', which is built in: give it another type or remove "
              + "one of them from the class path");
    }
  }

  @Test
  void twoPluginsMayNotShareAType() throws IOException {
    try (URLClassLoader loader = loaderListing(SecondReverseHandler.class)) {
      assertThatThrownBy(() -> HandlerRegistry.load(1.0, loader))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("declares task type 'reverse', which plug-in")
          .hasMessageNotContaining("\n");
    }
  }

  @Test
  void aPluginMustNameItsType() {
    TaskHandler nameless = new TaskHandler() {
      @Override public String type() { return " "; }
      @Override public String handle(TaskContext task) { return null; }
    };

    assertThatThrownBy(() -> HandlerRegistry.of(
        BuiltInHandlers.all(1.0, RandomGenerator.getDefault()), List.of(nameless)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("declares no task type");
  }

  @Test
  void aBrokenServicesEntryIsOneClearError() throws IOException {
    Path services = extraServices.resolve("META-INF/services");
    Files.createDirectories(services);
    Files.writeString(services.resolve(TaskHandler.class.getName()), "com.example.Missing\n");
    try (URLClassLoader loader = new URLClassLoader(new URL[] {extraServices.toUri().toURL()},
        getClass().getClassLoader())) {
      assertThatThrownBy(() -> HandlerRegistry.load(1.0, loader))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageStartingWith("cannot load a task handler plug-in: ")
          .hasMessageContaining("com.example.Missing");
    }
  }

  /** A class loader that sees the test class path plus one more services file naming {@code c}. */
  private URLClassLoader loaderListing(Class<? extends TaskHandler> c) throws IOException {
    Path services = extraServices.resolve("META-INF/services");
    Files.createDirectories(services);
    Files.writeString(services.resolve(TaskHandler.class.getName()), c.getName() + "\n");
    return new URLClassLoader(new URL[] {extraServices.toUri().toURL()},
        getClass().getClassLoader());
  }
}
