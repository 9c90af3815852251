package io.tasklane.worker.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.handler.TaskContext;
import io.tasklane.handler.TaskFailure;
import io.tasklane.handler.TaskHandler;
import java.util.random.RandomGenerator;

/**
 * {@code fail}: payload {@code {"message":"...","probability":p}}; fails with exactly the message
 * (a {@link TaskFailure}, retried while attempts remain) with probability p (default 1.0), else
 * returns {@code {"ok":true}}. Both fields are optional (a null payload fails with a default
 * message). For testing retries and errors.
 */
public final class FailHandler implements TaskHandler {
  public static final String TYPE = "fail";
  static final String DEFAULT_MESSAGE = "failed on purpose";
  private static final String EXAMPLE = "{\"message\":\"disk full\",\"probability\":0.5}";

  private final RandomGenerator random;

  public FailHandler(RandomGenerator random) {
    this.random = random;
  }

  @Override
  public String type() { return TYPE; }

  @Override
  public String handle(TaskContext task) throws TaskFailure {
    JsonNode p = Payloads.objectOrEmpty(task, EXAMPLE);
    String message = Payloads.text(task, p, "message", DEFAULT_MESSAGE, EXAMPLE);
    double probability = Payloads.fraction(task, p, "probability", 1.0, EXAMPLE);
    if (probability >= 1.0 || random.nextDouble() < probability) throw new TaskFailure(message);
    return "{\"ok\":true}";
  }
}
