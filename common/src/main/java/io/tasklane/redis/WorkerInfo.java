package io.tasklane.redis;

/**
 * How a worker describes itself when it registers. {@code push}: it starts tasks sent with its
 * wake-up (claimed for it by the script that assigned them), so an idle worker needs no claim
 * call of its own.
 */
public record WorkerInfo(String id, String host, long pid, int concurrency, int weight,
    String version, boolean push) {

  /** A worker that claims every task itself. */
  public WorkerInfo(String id, String host, long pid, int concurrency, int weight,
      String version) {
    this(id, host, pid, concurrency, weight, version, false);
  }
}
