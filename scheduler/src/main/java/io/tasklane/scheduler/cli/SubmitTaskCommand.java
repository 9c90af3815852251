package io.tasklane.scheduler.cli;

import io.tasklane.cli.Commands;
import io.tasklane.cli.DurationConverter;
import io.tasklane.cli.ExitCode;
import io.tasklane.cli.RedisOptions;
import io.tasklane.cli.Verbosity;
import io.tasklane.cli.VersionProvider;
import io.tasklane.client.TasklaneClient;
import io.tasklane.error.InvalidInputException;
import io.tasklane.redis.Keys;
import io.tasklane.redis.Redis;
import io.tasklane.scheduler.submit.TaskLines;
import io.tasklane.task.Json;
import io.tasklane.task.NewTask;
import io.tasklane.task.TaskInfo;
import io.tasklane.task.TaskStatus;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code submit-task}: submits one task and prints its ID, or many from JSON lines. */
@Command(name = "submit-task", mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class, sortOptions = false,
    description = {
        "Submits a task of type TYPE and prints its ID, or submits every task of a JSON-lines "
            + "file (--from) and prints a summary.",
        "",
        "With --wait it waits until the task is final: it prints the task's result (JSON) when "
            + "it succeeded, or one line on stderr when it ended dead (attempts used up, or a "
            + "failure no retry can mend) or cancelled. A failed attempt with attempts left is "
            + "retried after a backoff, and the wait goes on.",
        "",
        "The type must be one some worker of the queue has a handler for, once any worker has "
            + "registered its types (--any-type skips this check).",
        "",
        "A --from file holds one JSON object per line: {\"type\": \"echo\", \"payload\": {...}} "
            + "with optional \"id\", \"max_attempts\", \"timeout_ms\" and \"key\" (affinity key); "
            + "blank lines are skipped. "
            + "Every line is checked first: when one is invalid, nothing is submitted.",
        ""},
    footer = {
        "",
        "Exit codes:",
        "  0  submitted (with --wait: every task succeeded)",
        "  1  with --wait: a task ended dead or cancelled (\"task ID dead after N attempts: "
            + "ERROR\" on stderr), or did not finish within --wait-timeout",
        "  2  bad usage or input, such as an existing ID without --if-absent, an unknown type "
            + "or a payload over the cap (one line says what and where); nothing was submitted",
        "  3  Redis unreachable, refused the credentials, or out of memory",
        "  4  unexpected error (-v shows details)"})
public final class SubmitTaskCommand implements Callable<Integer> {
  /** The highest --max-payload-bytes: Redis's own limit on a string, 512 MiB. */
  static final int MAX_PAYLOAD_CAP = 512 << 20;

  @Mixin RedisOptions redis;
  @Mixin Verbosity verbosity;
  @Spec CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "TYPE",
      description = "task type, such as echo (1 to 64 letters, digits, '.', '_', ':' or '-')")
  String type;

  @Option(names = "--from", paramLabel = "FILE",
      description = "submit the tasks of this JSON-lines file ('-' for stdin) instead of TYPE")
  String from;

  @Option(names = "--payload", paramLabel = "JSON",
      description = "the task's payload, any JSON value (default: null)")
  String payload;

  @Option(names = "--payload-file", paramLabel = "PATH",
      description = "read the payload from this file ('-' for stdin)")
  String payloadFile;

  @Option(names = "--id", paramLabel = "ID",
      description = "the task's ID (default: a new ULID); 1 to 128 letters, digits, '.', '_', "
          + "':' or '-'")
  String id;

  @Option(names = "--max-attempts", paramLabel = "N",
      description = "most attempts, 1 to 1000 (default: " + NewTask.DEFAULT_MAX_ATTEMPTS
          + "); with --from, for lines without \"max_attempts\"")
  Integer maxAttempts;

  @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "time limit of one attempt, such as 30s (default: the worker's); with "
          + "--from, for lines without \"timeout_ms\"")
  Duration timeout;

  @Option(names = "--key", paramLabel = "KEY",
      description = "the task's affinity key, 1 to 256 characters: under the key-affinity "
          + "strategy, tasks with the same key go to the same worker while it has room; with "
          + "--from, for lines without \"key\"")
  String key;

  @Option(names = "--if-absent",
      description = "when a task with the ID exists already, keep it unchanged and print its ID "
          + "(with --from: skip such lines). Without it, an existing ID is rejected with exit "
          + "code 2 and nothing is written")
  boolean ifAbsent;

  @Option(names = "--any-type",
      description = "accept a type no registered worker has a handler for (it waits until such "
          + "a worker comes)")
  boolean anyType;

  @Option(names = "--max-payload-bytes", paramLabel = "N",
      defaultValue = "" + NewTask.DEFAULT_MAX_PAYLOAD_BYTES,
      description = "largest payload accepted, in bytes of UTF-8, 1 to " + MAX_PAYLOAD_CAP
          + " (default: ${DEFAULT-VALUE}, 1 MiB)")
  int maxPayloadBytes;

  @Option(names = "--wait",
      description = "wait until the task(s) are final: succeeded, dead or cancelled (a retry "
          + "is waited for)")
  boolean await;

  @Option(names = "--wait-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "with --wait: give up after this long with exit code 1 and \"task ID did "
          + "not finish within DURATION\" on stderr (default: no limit)")
  Duration waitTimeout;

  @Option(names = "--json",
      description = "print JSON: {\"id\"}; with --wait the whole task; with --from the summary")
  boolean json;

  private final Clock clock;

  public SubmitTaskCommand() {
    this(Clock.systemUTC());
  }

  SubmitTaskCommand(Clock clock) {
    this.clock = clock;
  }

  public static void main(String[] args) {
    Logs.quietUnlessVerbose(args);
    Commands.main(new SubmitTaskCommand(), args);
  }

  @Override
  public Integer call() throws Exception {
    checkUsage();
    redis.url();
    Keys.of(redis.queueName());
    if (from != null) {
      TaskLines.Parsed parsed = readLines();
      if (!parsed.ok()) return reportInvalid(parsed);
      try (Redis r = redis.connect("tasklane-submit"); TasklaneClient client = client(r)) {
        return new BatchSubmit(client, clock, out(), err(), json, Terminal.interactive())
            .run(parsed.tasks(), ifAbsent, await, waitTimeout);
      }
    }
    NewTask task = NewTask.of(type, readPayload())
        .withMaxAttempts(maxAttempts == null ? NewTask.DEFAULT_MAX_ATTEMPTS : maxAttempts)
        .withTimeoutMs(timeout == null ? 0 : timeout.toMillis()).withKey(key);
    if (id != null) task = task.withId(id);
    task.validate(maxPayloadBytes);
    try (Redis r = redis.connect("tasklane-submit"); TasklaneClient client = client(r)) {
      List<String> skipped = client.submitAll(List.of(task), ifAbsent, null);
      if (!skipped.isEmpty()) {
        err().println("submit-task: task " + task.id() + " exists already; not submitted again");
      }
      if (!await) {
        out().println(json ? Json.write(Map.of("id", task.id())) : task.id());
        return ExitCode.OK;
      }
      return awaitOne(client, task.id());
    }
  }

  private void checkUsage() {
    if (type != null && from != null) usage("give either TYPE or --from FILE, not both");
    if (type == null && from == null) usage("missing TYPE (or --from FILE)");
    if (payload != null && payloadFile != null) {
      usage("give either --payload or --payload-file, not both");
    }
    if (from != null && (payload != null || payloadFile != null || id != null)) {
      usage("--payload, --payload-file and --id do not go with --from: each line of the file "
          + "gives its own");
    }
    if (waitTimeout != null && !await) usage("--wait-timeout needs --wait");
    if (maxAttempts != null && (maxAttempts < 1 || maxAttempts > 1000)) {
      throw new InvalidInputException("invalid --max-attempts " + maxAttempts
          + ": use a whole number from 1 to 1000");
    }
    if (maxPayloadBytes < 1 || maxPayloadBytes > MAX_PAYLOAD_CAP) {
      throw new InvalidInputException("invalid --max-payload-bytes " + maxPayloadBytes
          + ": use a whole number from 1 to " + MAX_PAYLOAD_CAP);
    }
  }

  private void usage(String message) {
    throw new ParameterException(spec.commandLine(), message);
  }

  private TasklaneClient client(Redis r) {
    TasklaneClient.TasklaneClientBuilder b = TasklaneClient.builder().connection(r)
        .queue(redis.queueName()).clock(clock).maxPayloadBytes(maxPayloadBytes);
    if (anyType) b.anyType();
    return b.build();
  }

  private int awaitOne(TasklaneClient client, String taskId) throws InterruptedException {
    TaskInfo t;
    try {
      t = client.await(taskId, waitTimeout == null ? BatchSubmit.NO_LIMIT : waitTimeout);
    } catch (TimeoutException e) {
      err().println("submit-task: task " + taskId + " did not finish within "
          + Text.duration(waitTimeout));
      return ExitCode.TASK_FAILED;
    }
    if (t == null) {
      err().println("submit-task: task " + taskId + " no longer exists (dead-lettered and "
          + "purged?)");
      return ExitCode.TASK_FAILED;
    }
    if (json) out().println(Json.write(t.toJsonMap()));
    if (t.status() == TaskStatus.SUCCEEDED) {
      if (!json) out().println(t.result() == null ? "null" : t.result());
      return ExitCode.OK;
    }
    err().println("submit-task: " + BatchSubmit.failure(t));
    return ExitCode.TASK_FAILED;
  }

  private String readPayload() {
    if (payload != null) return payload;
    if (payloadFile == null) return "null";
    return InputFiles.payload(payloadFile, maxPayloadBytes).strip();
  }

  private TaskLines.Parsed readLines() {
    return InputFiles.taskLines(from, new TaskLines.Defaults(
        maxAttempts == null ? NewTask.DEFAULT_MAX_ATTEMPTS : maxAttempts,
        timeout == null ? 0 : timeout.toMillis(), maxPayloadBytes, key));
  }

  private int reportInvalid(TaskLines.Parsed parsed) {
    PrintWriter err = err();
    parsed.errors().forEach(e -> err.println(e));
    int hidden = parsed.invalidLines() - parsed.errors().size();
    if (hidden > 0) err.println("and " + hidden + " more");
    err.println("submit-task: " + Text.plural(parsed.invalidLines(), "invalid line") + " in "
        + InputFiles.name(from) + "; nothing was submitted");
    err.flush();
    return ExitCode.BAD_INPUT;
  }

  private PrintWriter out() {
    return spec.commandLine().getOut();
  }

  private PrintWriter err() {
    return spec.commandLine().getErr();
  }
}
