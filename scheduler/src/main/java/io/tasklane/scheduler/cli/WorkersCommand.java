package io.tasklane.scheduler.cli;

import io.tasklane.cli.Commands;
import io.tasklane.cli.VersionProvider;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code workers}: lists a queue's workers and drains or undrains one. Each action is a
 * subcommand with its own options ({@code --redis}, {@code --queue} and the rest).
 */
@Command(name = "workers", mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class, sortOptions = false,
    subcommands = {WorkersList.class, WorkersDrain.class, WorkersUndrain.class},
    description = {
        "Shows a queue's workers and takes one out of placement or puts it back.",
        "",
        "  workers list [--json]   every worker: state, slots, load, run times",
        "  workers drain ID        the worker gets no new tasks; it ends what it holds",
        "  workers undrain ID      a draining worker that is alive takes tasks again",
        "",
        "States: active; draining (takes no new tasks); ejected (it failed far more than the "
            + "queue as a whole, so it is out of placement until its back-off ends, then "
            + "rejoins by itself); dead (its heartbeat lapsed); gone (it deregistered).",
        "",
        "Every subcommand takes --redis URL and --queue NAME after its name.",
        ""},
    footer = {
        "",
        "Exit codes:",
        "  0  done",
        "  2  bad usage or input: an invalid ID; drain of a worker that is not registered or is "
            + "gone; undrain of a worker that is not draining or not alive",
        "  3  Redis unreachable, refused the credentials, or out of memory",
        "  4  unexpected error (-v shows details)"})
public final class WorkersCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  public static void main(String[] args) {
    Logs.quietUnlessVerbose(args);
    Commands.main(new WorkersCommand(), args);
  }

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "missing subcommand: list, drain or undrain");
  }
}
