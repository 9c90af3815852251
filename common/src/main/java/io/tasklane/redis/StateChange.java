package io.tasklane.redis;

/**
 * The outcome of drain or undrain: whether the worker's state changed, and the state the script
 * found it in: {@code ""} when the worker is not registered, {@code "lapsed"} when it is
 * draining but its heartbeat has expired, else the stored state ({@code active},
 * {@code draining}, {@code ejected}, {@code dead}, {@code gone}).
 */
public record StateChange(boolean done, String seen) {}
