package io.tasklane.scheduler.cli;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/** A progress bar on stderr when a person is watching; otherwise it does nothing. */
final class Progress implements AutoCloseable {
  private final ProgressBar bar;

  private Progress(ProgressBar bar) {
    this.bar = bar;
  }

  static Progress start(String name, long max, boolean show) {
    if (!show) return new Progress(null);
    return new Progress(new ProgressBarBuilder()
        .setTaskName(name)
        .setInitialMax(max)
        .setUpdateIntervalMillis(200)
        .setConsumer(new ConsoleProgressBarConsumer(System.err))
        .showSpeed()
        .build());
  }

  void to(long done) {
    if (bar != null) bar.stepTo(done);
  }

  @Override
  public void close() {
    if (bar != null) bar.close();
  }
}
