package io.tasklane.redis;

/** How a worker describes itself when it registers. */
public record WorkerInfo(String id, String host, long pid, int concurrency, int weight,
    String version) {}
