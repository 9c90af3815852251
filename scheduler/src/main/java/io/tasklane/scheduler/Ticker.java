package io.tasklane.scheduler;

import io.tasklane.error.TasklaneException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;

/**
 * The thread under every loop: runs the loop's tick, again at once while it reports more work,
 * else after the interval. A failure never ends it: it logs one WARN line when an outage starts
 * (DEBUG while it lasts, INFO when it ends) and retries with capped, jittered backoff.
 */
final class Ticker implements AutoCloseable {
  /** How long {@link #close()} waits for a tick in progress (a Redis call) to end. */
  private static final Duration JOIN = Duration.ofSeconds(15);

  private final String name;
  private final Duration interval;
  private final Backoff backoff;
  private final Clock clock;
  private final Logger log;
  private final BooleanSupplier tick;
  private final CountDownLatch stop = new CountDownLatch(1);
  private Thread thread;
  private long lastSuccess;

  /** {@code tick} returns true when it has more work to do at once. */
  Ticker(String name, Duration interval, Backoff backoff, Clock clock, Logger log,
      BooleanSupplier tick) {
    this.name = name;
    this.interval = interval;
    this.backoff = backoff;
    this.clock = clock;
    this.log = log;
    this.tick = tick;
  }

  synchronized void start() {
    if (thread != null) throw new IllegalStateException(name + " started twice");
    lastSuccess = clock.millis();
    thread = Thread.ofPlatform().name("tasklane-" + name.replace(' ', '-')).daemon(true)
        .start(this::run);
  }

  boolean stopping() {
    return stop.getCount() == 0;
  }

  /** Stops the loop and waits for the tick in progress to end. */
  @Override
  public void close() {
    stop.countDown();
    Thread t;
    synchronized (this) {
      t = thread;
    }
    if (t == null || t == Thread.currentThread()) return;
    try {
      if (!t.join(JOIN)) {
        log.warn("{}: still busy after {} s; interrupting it", name, JOIN.toSeconds());
        t.interrupt();
        t.join(JOIN);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    while (!stopping()) {
      long waitMs;
      try {
        boolean more = tick.getAsBoolean();
        recovered();
        waitMs = more ? 0 : interval.toMillis();
      } catch (RuntimeException e) {
        if (stopping()) break;
        waitMs = failed(e);
      }
      try {
        if (waitMs > 0 && stop.await(waitMs, TimeUnit.MILLISECONDS)) break;
      } catch (InterruptedException e) {
        break;
      }
    }
  }

  private void recovered() {
    long now = clock.millis();
    int n = backoff.failures();
    if (n > 0) {
      log.info("{}: working again after {} failed attempt{} ({} s since the last success)",
          name, n, n == 1 ? "" : "s", Math.max(0, now - lastSuccess) / 1000);
      backoff.reset();
    }
    lastSuccess = now;
  }

  private long failed(RuntimeException e) {
    Duration delay = backoff.next();
    if (backoff.failures() == 1) {
      if (e instanceof TasklaneException) {
        log.warn("{}: {} (retrying with backoff)", name, e.getMessage());
        log.debug("{}: failure detail", name, e);
      } else {
        log.warn("{}: unexpected {} (retrying with backoff)", name, e.toString(), e);
      }
    } else {
      log.debug("{}: still failing: {}; next try in {} ms", name, e.getMessage(),
          delay.toMillis());
    }
    return delay.toMillis();
  }
}
