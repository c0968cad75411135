package dev.greenroom.spring.boot;

import dev.greenroom.catalog.processing.CatalogEvent;
import dev.greenroom.catalog.processing.CatalogListener;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.concurrent.atomic.LongAdder;

/**
 * The catalog's processing rates and errors as Micrometer counters: {@code
 * greenroom.catalog.events} tagged {@code type} = {@code added}, {@code changed}, {@code removed}
 * (entities whose final form changed), {@code failed} (processing runs that stored errors on an
 * entity) and {@code conflict} (entities refused because another location owns them). A {@link
 * CatalogListener} the engine calls on its own thread: counting is all it does.
 */
public final class CatalogEventMeters implements CatalogListener, MeterBinder {
  private final LongAdder added = new LongAdder();
  private final LongAdder changed = new LongAdder();
  private final LongAdder removed = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final LongAdder conflict = new LongAdder();

  @Override
  public void onEvent(CatalogEvent event) {
    // Java 17: no pattern switch yet
    if (event instanceof CatalogEvent.EntityAdded) {
      added.increment();
    } else if (event instanceof CatalogEvent.EntityChanged) {
      changed.increment();
    } else if (event instanceof CatalogEvent.EntityRemoved) {
      removed.increment();
    } else if (event instanceof CatalogEvent.ProcessingFailed) {
      failed.increment();
    } else if (event instanceof CatalogEvent.Conflict) {
      conflict.increment();
    }
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    counter(registry, "added", added);
    counter(registry, "changed", changed);
    counter(registry, "removed", removed);
    counter(registry, "failed", failed);
    counter(registry, "conflict", conflict);
  }

  private static void counter(MeterRegistry registry, String type, LongAdder count) {
    FunctionCounter.builder("greenroom.catalog.events", count, LongAdder::doubleValue)
        .description("catalog events since the start, by type")
        .tag("type", type)
        .register(registry);
  }
}
