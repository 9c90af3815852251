package io.tasklane.scheduler;

import io.tasklane.retry.Backoff;
import io.tasklane.error.TasklaneException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * The thread under every loop: runs the loop's tick, then waits as long as the tick asks (not at
 * all while it reports more work), or until {@link #wake()}. A failure never ends it: it logs
 * one WARN line when an outage starts (DEBUG while it lasts, INFO when it ends) and retries
 * with capped, jittered backoff.
 */
final class Ticker implements AutoCloseable {
  /** How long {@link #close()} waits for a tick in progress (a Redis call) to end. */
  private static final Duration JOIN = Duration.ofSeconds(15);

  private final String name;
  private final Backoff backoff;
  private final Clock clock;
  private final Logger log;
  private final Supplier<Duration> tick;
  private final CountDownLatch stop = new CountDownLatch(1);
  /** One permit per wake-up; a wake during a tick ends the wait after it at once. */
  private final Semaphore wakeUps = new Semaphore(0);
  private Thread thread;
  private long lastSuccess;

  /** {@code tick} returns true when it has more work to do at once, false to wait an interval. */
  Ticker(String name, Duration interval, Backoff backoff, Clock clock, Logger log,
      BooleanSupplier tick) {
    this(name, backoff, clock, log, () -> tick.getAsBoolean() ? Duration.ZERO : interval);
  }

  /** {@code tick} returns how long to wait before the next tick (zero: at once). */
  Ticker(String name, Backoff backoff, Clock clock, Logger log, Supplier<Duration> tick) {
    this.name = name;
    this.backoff = backoff;
    this.clock = clock;
    this.log = log;
    this.tick = tick;
  }

  /** The backoff every loop uses while Redis fails: 100 ms doubling to 5 s, jittered. */
  static Backoff outageBackoff() {
    return new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5),
        () -> ThreadLocalRandom.current().nextDouble());
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

  /** Ends the current wait (or the next one, during a tick) early. Safe from any thread. */
  void wake() {
    wakeUps.release();
  }

  /** Stops the loop and waits for the tick in progress to end. */
  @Override
  public void close() {
    stop.countDown();
    wakeUps.release();
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
        Duration next = tick.get();
        recovered();
        waitMs = next.toMillis();
      } catch (RuntimeException e) {
        if (stopping()) break;
        waitMs = failed(e);
      }
      try {
        if (waitMs > 0 && wakeUps.tryAcquire(waitMs, TimeUnit.MILLISECONDS)) {
          wakeUps.drainPermits(); // wake-ups that came together count as one
        }
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
