package io.tasklane.redis;

import java.util.List;

/** What a batch submit did: tasks placed on workers, put in the backlog, and IDs skipped. */
public record SubmitResult(int assigned, int backlogged, List<String> skipped) {}
