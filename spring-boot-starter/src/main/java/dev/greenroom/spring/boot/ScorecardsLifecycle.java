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
 * thread while the application context runs; stops them when it stops.
 */
public final class ScorecardsLifecycle implements SmartLifecycle {
  private static final Logger LOG = LoggerFactory.getLogger(ScorecardsLifecycle.class);

  private final Scorecards scorecards;
  private @Nullable ScheduledExecutorService scheduler;
  private @Nullable AutoCloseable schedules;

  /** A lifecycle for {@code scorecards}. */
  public ScorecardsLifecycle(Scorecards scorecards) {
    this.scorecards = Objects.requireNonNull(scorecards);
  }

  @Override
  public synchronized void start() {
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
  public synchronized boolean isRunning() {
    return scheduler != null;
  }

  @Override
  public int getPhase() {
    return CatalogEngineLifecycle.PHASE + 1;
  }
}
