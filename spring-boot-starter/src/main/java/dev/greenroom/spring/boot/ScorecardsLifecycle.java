package dev.greenroom.spring.boot;

import dev.greenroom.scorecard.Scorecards;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the {@link Scorecards} schedules (fact retrievers, scorecard evaluation) on one daemon
 * thread while the application context runs, from when the catalog has started (its database
 * open; see {@link CatalogEngineLifecycle#whenStarted}); stops them when the context stops.
 */
public final class ScorecardsLifecycle implements SmartLifecycle {
  private static final Logger LOG = LoggerFactory.getLogger(ScorecardsLifecycle.class);

  private final Scorecards scorecards;
  private final @Nullable CatalogEngineLifecycle catalog;
  private volatile boolean running;
  private @Nullable ScheduledExecutorService scheduler;
  private @Nullable AutoCloseable schedules;

  /** A lifecycle for {@code scorecards} that starts the schedules at once. */
  public ScorecardsLifecycle(Scorecards scorecards) {
    this(scorecards, null);
  }

  /**
   * A lifecycle for {@code scorecards} that starts the schedules once {@code catalog} has started,
   * or at once when it is null.
   */
  public ScorecardsLifecycle(Scorecards scorecards, @Nullable CatalogEngineLifecycle catalog) {
    this.scorecards = Objects.requireNonNull(scorecards);
    this.catalog = catalog;
  }

  @Override
  public void start() {
    running = true;
    CatalogEngineLifecycle c = catalog;
    if (c == null) {
      startSchedules();
    } else {
      c.whenStarted(this::startSchedules);
    }
  }

  private synchronized void startSchedules() {
    if (!running || scheduler != null) {
      return;
    }
    ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "greenroom-scorecards");
      t.setDaemon(true);
      return t;
    });
    scheduler = s;
    schedules = scorecards.start(s);
  }

  @Override
  public synchronized void stop() {
    running = false;
    AutoCloseable c = schedules;
    ScheduledExecutorService s = scheduler;
    schedules = null;
    scheduler = null;
    if (c != null) {
      try {
        c.close();
      } catch (Exception e) {
        LOG.warn("stopping the scorecard schedules failed", e);
      }
    }
    if (s != null) {
      s.shutdownNow();
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return CatalogEngineLifecycle.PHASE + 1;
  }
}
