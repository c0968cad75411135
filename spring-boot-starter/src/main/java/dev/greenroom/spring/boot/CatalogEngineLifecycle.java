package dev.greenroom.spring.boot;

import dev.greenroom.catalog.processing.CatalogEngine;
import java.util.Objects;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the {@link CatalogEngine} when the application context starts and closes it when the
 * context stops. Its phase is early: the engine runs before the web server takes requests and stops
 * after it has drained them. An engine cannot start again once closed, so a stopped context must be
 * refreshed to process again.
 */
public final class CatalogEngineLifecycle implements SmartLifecycle {
  /** Before the web server's phases, so the catalog is up when requests arrive. */
  public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

  private final CatalogEngine engine;
  private volatile boolean running;

  /** A lifecycle for {@code engine}. */
  public CatalogEngineLifecycle(CatalogEngine engine) {
    this.engine = Objects.requireNonNull(engine);
  }

  @Override
  public void start() {
    engine.start();
    running = true;
  }

  @Override
  public void stop() {
    running = false;
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
}
