package io.tasklane.redis;

/** What a leaving worker gave back: unstarted tasks, running tasks, and how many were reassigned. */
public record Handback(int returnedUnstarted, int returnedRunning, int reassigned) {}
