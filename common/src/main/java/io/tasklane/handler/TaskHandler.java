package io.tasklane.handler;

/**
 * Runs tasks of one type. A worker finds implementations on its class path with
 * {@link java.util.ServiceLoader}: list the class in
 * {@code META-INF/services/io.tasklane.handler.TaskHandler} of your jar.
 *
 * <p>A handler runs on a virtual thread, many at once: keep it thread-safe. It should respond to
 * interruption (the worker interrupts a task that runs past its timeout). Throwing fails the
 * attempt, which is retried with backoff while the task has attempts left: a {@link TaskFailure}
 * is recorded with exactly its message (and a permanent one dead-letters the task at once), any
 * other exception as "ExceptionClass: message".
 */
public interface TaskHandler {
  /** The task type this handler runs, such as {@code "resize-image"}. */
  String type();

  /**
   * Runs one task and returns its result as JSON text ({@code null} stands for JSON null).
   * {@link TaskContext#payload()} is the raw JSON the producer gave.
   */
  String handle(TaskContext task) throws Exception;
}
