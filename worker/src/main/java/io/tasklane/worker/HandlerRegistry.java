package io.tasklane.worker;

import io.tasklane.error.InvalidInputException;
import io.tasklane.handler.TaskHandler;
import io.tasklane.worker.handlers.BuiltInHandlers;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The handler of each task type this worker runs: the built-ins plus every {@link TaskHandler}
 * that {@link ServiceLoader} finds on the class path. A plug-in may not take a built-in's type or
 * another plug-in's: the worker refuses to start, naming both classes.
 */
public final class HandlerRegistry {
  private final Map<String, TaskHandler> byType;

  private HandlerRegistry(Map<String, TaskHandler> byType) {
    this.byType = Collections.unmodifiableMap(byType);
  }

  /** The built-ins and the plug-ins visible to the context class loader. */
  public static HandlerRegistry load(double sleepScale) {
    return load(sleepScale, Thread.currentThread().getContextClassLoader());
  }

  /** The built-ins and the plug-ins visible to {@code loader}. */
  public static HandlerRegistry load(double sleepScale, ClassLoader loader) {
    List<TaskHandler> plugins = new ArrayList<>();
    try {
      for (TaskHandler h : ServiceLoader.load(TaskHandler.class, loader)) plugins.add(h);
    } catch (ServiceConfigurationError e) {
      throw new InvalidInputException("cannot load a task handler plug-in: " + e.getMessage());
    }
    // ThreadLocalRandom draws from the calling thread's own generator: safe on many threads.
    return of(BuiltInHandlers.all(sleepScale, ThreadLocalRandom.current()), plugins);
  }

  /** The given built-ins and plug-ins; throws when two of them claim the same type. */
  public static HandlerRegistry of(List<TaskHandler> builtIns, List<TaskHandler> plugins) {
    Map<String, TaskHandler> byType = new TreeMap<>();
    for (TaskHandler h : builtIns) byType.put(h.type(), h);
    for (TaskHandler h : plugins) {
      String type = typeOf(h);
      TaskHandler other = byType.putIfAbsent(type, h);
      if (other != null) {
        boolean builtIn = builtIns.contains(other);
        throw new InvalidInputException("handler plug-in " + h.getClass().getName()
            + " declares task type '" + type + "', which " + (builtIn ? "is built in"
            : "plug-in " + other.getClass().getName() + " declares too")
            + ": give it another type or remove one of them from the class path");
      }
    }
    return new HandlerRegistry(byType);
  }

  /** The handler for {@code type}, or null when this worker has none. */
  public TaskHandler find(String type) {
    return type == null ? null : byType.get(type);
  }

  /** Every type this worker runs, in alphabetical order. */
  public List<String> types() {
    return List.copyOf(byType.keySet());
  }

  private static String typeOf(TaskHandler h) {
    String type;
    try {
      type = h.type();
    } catch (RuntimeException e) {
      throw new InvalidInputException("handler plug-in " + h.getClass().getName()
          + " failed to name its task type: " + e);
    }
    if (type == null || type.isBlank()) {
      throw new InvalidInputException("handler plug-in " + h.getClass().getName()
          + " declares no task type: its type() must return a name such as \"resize-image\"");
    }
    return type;
  }
}
