package io.tasklane.scheduler.cli;

import picocli.CommandLine.ParentCommand;

/** A dead-letters subcommand: a {@link QueueAction} that may ask its parent's prompt. */
abstract class DeadLetterAction extends QueueAction {
  @ParentCommand DeadLettersCommand parent;
}
