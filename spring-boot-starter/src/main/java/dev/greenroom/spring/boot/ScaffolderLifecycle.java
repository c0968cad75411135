package dev.greenroom.spring.boot;

import dev.greenroom.scaffolder.Scaffolder;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the {@link Scaffolder}'s task workers when the application context starts, once the
 * catalog has started (its database open; see {@link CatalogEngineLifecycle#whenStarted}), and
 * closes them when it stops (before the catalog; running tasks get their shutdown grace). The task
 * store is a bean of its own and stays open until the context closes.
 */
public final class ScaffolderLifecycle implements SmartLifecycle {
  private final Scaffolder scaffolder;
  private final @Nullable CatalogEngineLifecycle catalog;
  private volatile boolean running;

  /** A lifecycle for {@code scaffolder} that starts it at once. */
  public ScaffolderLifecycle(Scaffolder scaffolder) {
    this(scaffolder, null);
  }

  /**
   * A lifecycle for {@code scaffolder} that starts it once {@code catalog} has started, or at once
   * when it is null.
   */
  public ScaffolderLifecycle(Scaffolder scaffolder, @Nullable CatalogEngineLifecycle catalog) {
    this.scaffolder = Objects.requireNonNull(scaffolder);
    this.catalog = catalog;
  }

  @Override
  public void start() {
    running = true;
    CatalogEngineLifecycle c = catalog;
    if (c == null) {
      startWorkers();
    } else {
      c.whenStarted(this::startWorkers);
    }
  }

  private synchronized void startWorkers() {
    if (running) {
      scaffolder.start();
    }
  }

  @Override
  public synchronized void stop() {
    running = false;
    scaffolder.close();
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
