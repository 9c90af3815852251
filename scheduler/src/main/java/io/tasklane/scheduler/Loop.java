package io.tasklane.scheduler;

/** A background loop of the dispatcher: started once, closed once (waiting for it to stop). */
public interface Loop extends AutoCloseable {
  void start();

  @Override
  void close();
}
