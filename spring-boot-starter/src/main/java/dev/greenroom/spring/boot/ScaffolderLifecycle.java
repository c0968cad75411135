package dev.greenroom.spring.boot;

import dev.greenroom.scaffolder.Scaffolder;
import java.util.Objects;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the {@link Scaffolder}'s task workers when the application context starts (after the
 * catalog) and closes them when it stops (before the catalog; running tasks get their shutdown
 * grace). The task store is a bean of its own and stays open until the context closes.
 */
public final class ScaffolderLifecycle implements SmartLifecycle {
  private final Scaffolder scaffolder;
  private volatile boolean running;

  /** A lifecycle for {@code scaffolder}. */
  public ScaffolderLifecycle(Scaffolder scaffolder) {
    this.scaffolder = Objects.requireNonNull(scaffolder);
  }

  @Override
  public void start() {
    scaffolder.start();
    running = true;
  }

  @Override
  public void stop() {
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
