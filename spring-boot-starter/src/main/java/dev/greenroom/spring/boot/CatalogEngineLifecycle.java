package dev.greenroom.spring.boot;

import dev.greenroom.catalog.processing.CatalogEngine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.BeansException;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the {@link CatalogEngine} when the application context starts and closes it when the
 * context stops. Its phase is early: the engine runs before the web server takes requests and stops
 * after it has drained them. An engine cannot start again once closed, so a stopped context must be
 * refreshed to process again.
 *
 * <p>Design note: the catalog's stores are opened (and their schemas migrated) here, not when the
 * context is built: the starter declares them lazy and hands the engine lazy references. Starting
 * means opening the stores, then starting the engine. When that fails (the database is not
 * reachable, or not created yet) the context still starts: this lifecycle keeps the reason ({@link
 * #startFailure()}, shown by the health indicator; the API answers 503 meanwhile) and tries again
 * on the scheduler it was given (the application's, see {@link GreenroomThreads}), or else on one
 * daemon thread of its own, {@code greenroom-catalog-start}: first after the initial delay, then
 * twice as late each time up to the maximum delay. The retries end once the catalog started or the
 * context stops; a given scheduler is never shut down, only the pending retry cancelled. Parts that need the database (the scaffolder's workers, the scorecard
 * schedules) start through {@link #whenStarted}, after the catalog.
 */
public final class CatalogEngineLifecycle implements SmartLifecycle {
  /** Before the web server's phases, so the catalog is up when requests arrive. */
  public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

  private static final Logger LOG = LoggerFactory.getLogger(CatalogEngineLifecycle.class);

  private final CatalogEngine engine;
  private final List<Runnable> openStores;
  private final Duration initialDelay;
  private final Duration maxDelay;
  private final List<Runnable> afterStart = new ArrayList<>();
  private volatile boolean running;
  private volatile boolean started;
  private volatile @Nullable String failure;
  private volatile int failedAttempts;
  private Duration nextDelay;
  private final @Nullable ScheduledExecutorService scheduler;
  private @Nullable ScheduledExecutorService retries;
  private @Nullable ScheduledFuture<?> pendingRetry;

  /** A lifecycle for {@code engine} over stores that are already open: it starts at once or fails. */
  public CatalogEngineLifecycle(CatalogEngine engine) {
    this(engine, List.of(), Duration.ofSeconds(1), Duration.ofMinutes(1));
  }

  /**
   * A lifecycle for {@code engine} that first runs {@code openStores} (each opens a store and
   * throws when its database cannot be opened) and tries again after a failure.
   *
   * @param initialDelay the delay before the first retry
   * @param maxDelay the longest delay between retries
   */
  public CatalogEngineLifecycle(CatalogEngine engine, List<Runnable> openStores,
      Duration initialDelay, Duration maxDelay) {
    this(engine, openStores, initialDelay, maxDelay, null);
  }

  /**
   * A lifecycle for {@code engine} that first runs {@code openStores} and tries again after a
   * failure on {@code scheduler}, which stays the host's (never shut down here).
   *
   * @param initialDelay the delay before the first retry
   * @param maxDelay the longest delay between retries
   * @param scheduler where retries wait and run; null for a daemon thread of this lifecycle's own
   */
  public CatalogEngineLifecycle(CatalogEngine engine, List<Runnable> openStores,
      Duration initialDelay, Duration maxDelay, @Nullable ScheduledExecutorService scheduler) {
    this.scheduler = scheduler;
    this.engine = Objects.requireNonNull(engine);
    this.openStores = List.copyOf(openStores);
    if (initialDelay.isNegative() || initialDelay.isZero()) {
      throw new IllegalArgumentException(
          "greenroom.catalog.start-retry.initial-delay must be positive");
    }
    if (maxDelay.compareTo(initialDelay) < 0) {
      throw new IllegalArgumentException("greenroom.catalog.start-retry.max-delay must not be"
          + " shorter than greenroom.catalog.start-retry.initial-delay");
    }
    this.initialDelay = initialDelay;
    this.maxDelay = maxDelay;
    this.nextDelay = initialDelay;
  }

  @Override
  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    if (!attempt()) {
      ScheduledExecutorService s = scheduler != null ? scheduler
          : Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "greenroom-catalog-start");
            t.setDaemon(true);
            return t;
          });
      retries = s;
      scheduleRetry(s);
    }
  }

  private void scheduleRetry(ScheduledExecutorService s) {
    Duration delay = nextDelay;
    LOG.warn("Greenroom's catalog cannot start: {}; trying again in {} ms (attempt {})",
        failure, delay.toMillis(), failedAttempts);
    pendingRetry = s.schedule(this::retry, delay.toMillis(), TimeUnit.MILLISECONDS);
    Duration doubled = delay.multipliedBy(2);
    nextDelay = doubled.compareTo(maxDelay) > 0 ? maxDelay : doubled;
  }

  private synchronized void retry() {
    ScheduledExecutorService s = retries;
    if (!running || started || s == null) {
      return;
    }
    if (attempt()) {
      LOG.info("Greenroom's catalog started after {} failed attempts", failedAttempts);
      retries = null;
      pendingRetry = null;
      if (s != scheduler) {
        s.shutdown();
      }
    } else {
      scheduleRetry(s);
    }
  }

  /** Opens the stores and starts the engine; true when it did, false with the reason kept. */
  private boolean attempt() {
    try {
      openStores.forEach(Runnable::run);
      engine.start();
    } catch (RuntimeException e) {
      failure = reason(e);
      failedAttempts++;
      return false;
    }
    started = true;
    failure = null;
    for (Runnable r : afterStart) {
      runGuarded(r);
    }
    afterStart.clear();
    return true;
  }

  private static void runGuarded(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      LOG.error("starting a part of Greenroom after the catalog failed", e);
    }
  }

  /**
   * Runs {@code r} once the catalog has started: now if it has, otherwise on the retry thread
   * right after it starts (never if the context stops first).
   */
  public synchronized void whenStarted(Runnable r) {
    Objects.requireNonNull(r);
    if (started) {
      runGuarded(r);
    } else {
      afterStart.add(r);
    }
  }

  /** True once the stores are open and the engine runs. */
  public boolean isCatalogStarted() {
    return started;
  }

  /**
   * Why the catalog has not started (the database's words, first line, secrets removed), or null
   * when it has started or not tried yet.
   */
  public @Nullable String startFailure() {
    return failure;
  }

  /** How many attempts to start the catalog have failed. */
  public int failedAttempts() {
    return failedAttempts;
  }

  @Override
  public synchronized void stop() {
    running = false;
    afterStart.clear();
    ScheduledExecutorService s = retries;
    ScheduledFuture<?> pending = pendingRetry;
    retries = null;
    pendingRetry = null;
    if (pending != null) {
      pending.cancel(false);
    }
    if (s != null && s != scheduler) {
      s.shutdownNow();
    }
    engine.close();
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }

  /**
   * The first line of the first message below Spring's bean-creation wrappers (the store's own
   * "cannot open ...: " with the driver's words, which name host, port or database), with
   * password values in JDBC URLs masked.
   */
  static String reason(Throwable e) {
    Throwable t = e;
    while (t instanceof BeansException && t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String message = t.getMessage() != null ? t.getMessage() : t.getClass().getName();
    int nl = message.indexOf('\n');
    String line = (nl < 0 ? message : message.substring(0, nl)).strip();
    return line.replaceAll("(?i)(password|pwd)=[^&;\\s]*", "$1=***");
  }
}
