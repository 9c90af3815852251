package io.tasklane.scheduler;

import io.tasklane.error.TasklaneException;
import io.tasklane.retry.Backoff;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
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
  private Consumer<Runnable> subscribe;
  private Runnable unsubscribe;
  private volatile boolean subscribed;
  private Thread thread;
  private long lastSuccess;

  /**
   * {@code tick} returns how long to wait before the next tick (zero: at once). While Redis
   * fails, the loop retries with {@link Backoff#standard()}.
   */
  Ticker(String name, Clock clock, Logger log, Supplier<Duration> tick) {
    this.name = name;
    this.backoff = Backoff.standard();
    this.clock = clock;
    this.log = log;
    this.tick = tick;
  }

  /**
   * Before its first tick, the loop subscribes {@link #wake()} with {@code subscribe} (retried
   * like a failed tick until it works); {@link #close()} undoes it with {@code unsubscribe}.
   * Call before {@link #start()}.
   */
  void wakeOn(Consumer<Runnable> subscribe, Runnable unsubscribe) {
    this.subscribe = subscribe;
    this.unsubscribe = unsubscribe;
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
    if (subscribed) {
      try {
        unsubscribe.run();
      } catch (TasklaneException e) {
        log.debug("{}: could not unsubscribe from wake-ups: {}", name, e.getMessage());
      }
    }
  }

  private void run() {
    while (!stopping()) {
      long waitMs;
      try {
        if (subscribe != null && !subscribed) {
          subscribe.accept(this::wake);
          subscribed = true;
        }
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
