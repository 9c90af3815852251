package io.tasklane.worker.handlers;

import io.tasklane.handler.TaskHandler;
import java.util.List;
import java.util.random.RandomGenerator;

/** The handlers every worker has: noop, echo, sleep, cpu and fail. */
public final class BuiltInHandlers {
  private BuiltInHandlers() {}

  /** The built-ins; {@code sleepScale} multiplies every sleep task's time. */
  public static List<TaskHandler> all(double sleepScale, RandomGenerator random) {
    return List.of(new NoopHandler(), new EchoHandler(), new SleepHandler(sleepScale),
        new CpuHandler(), new FailHandler(random));
  }
}
