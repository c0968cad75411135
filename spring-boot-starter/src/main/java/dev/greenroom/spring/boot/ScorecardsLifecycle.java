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
 * Runs the {@link Scorecards} schedules (fact retrievers, scorecard evaluation) while the
 * application context runs, from when the catalog has started (its database open; see {@link
 * CatalogEngineLifecycle#whenStarted}); stops them when the context stops. They run on the
 * scheduler it was given (the application's, see {@link GreenroomThreads#longJobScheduler()}),
 * which stays the host's, or else on one daemon thread of its own, {@code greenroom-scorecards}.
 */
public final class ScorecardsLifecycle implements SmartLifecycle {
  private static final Logger LOG = LoggerFactory.getLogger(ScorecardsLifecycle.class);

  private final Scorecards scorecards;
  private final @Nullable CatalogEngineLifecycle catalog;
  private final @Nullable ScheduledExecutorService given;
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
    this(scorecards, catalog, null);
  }

  /**
   * A lifecycle for {@code scorecards} that starts the schedules once {@code catalog} has started
   * (at once when it is null), on {@code scheduler} (never shut down here), or on a daemon thread
   * of its own when that is null.
   */
  public ScorecardsLifecycle(Scorecards scorecards, @Nullable CatalogEngineLifecycle catalog,
      @Nullable ScheduledExecutorService scheduler) {
    this.scorecards = Objects.requireNonNull(scorecards);
    this.catalog = catalog;
    this.given = scheduler;
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
    ScheduledExecutorService s = given != null ? given
        : Executors.newSingleThreadScheduledExecutor(r -> {
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
    if (s != null && s != given) {
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
