package io.tasklane.scheduler.cli;

import io.tasklane.cli.Commands;
import io.tasklane.cli.VersionProvider;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code dead-letters}: lists, shows, retries and purges a queue's dead tasks. Each action is a
 * subcommand with its own options ({@code --redis}, {@code --queue} and the rest).
 */
@Command(name = "dead-letters", mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class, sortOptions = false,
    subcommands = {DeadLettersList.class, DeadLettersShow.class, DeadLettersRetry.class,
        DeadLettersPurge.class},
    description = {
        "Works on a queue's dead letters: the tasks that failed for good (attempts used up, no "
            + "handler for their type, a payload that cannot be decoded, or their worker died "
            + "during their last attempt). Each stays in the dead list, with its reason, until "
            + "it is retried or purged.",
        "",
        "  dead-letters list [--limit N] [--json]   the oldest dead tasks, one line each",
        "  dead-letters show ID [--json]            one dead task, whole",
        "  dead-letters retry ID... | --all         requeue with a fresh set of attempts",
        "  dead-letters purge [--yes]               delete every dead task for good",
        "",
        "Every subcommand takes --redis URL and --queue NAME after its name.",
        ""},
    footer = {
        "",
        "Exit codes:",
        "  0  done",
        "  1  purge: not confirmed, nothing deleted",
        "  2  bad usage or input: an invalid ID; an ID that is not dead (retry still requeues "
            + "the others); purge without --yes and without a terminal to confirm on",
        "  3  Redis unreachable, refused the credentials, or out of memory",
        "  4  unexpected error (-v shows details)"})
public final class DeadLettersCommand implements Callable<Integer> {
  /** Asks a person a yes/no question; returns the answer, or null when there is no one to ask. */
  interface Prompt {
    String ask(String question);
  }

  @Spec CommandSpec spec;

  private final Prompt prompt;

  public DeadLettersCommand() {
    this(Terminal::ask);
  }

  DeadLettersCommand(Prompt prompt) {
    this.prompt = prompt;
  }

  public static void main(String[] args) {
    Logs.quietUnlessVerbose(args);
    Commands.main(new DeadLettersCommand(), args);
  }

  Prompt prompt() {
    return prompt;
  }

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(),
        "missing subcommand: list, show, retry or purge");
  }
}
