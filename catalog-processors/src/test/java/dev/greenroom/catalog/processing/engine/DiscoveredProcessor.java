package dev.greenroom.catalog.processing.engine;

import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.processing.CatalogProcessor;
import dev.greenroom.catalog.processing.ProcessorContext;

/** A processor found through {@code META-INF/services}: it marks every entity it sees. */
public final class DiscoveredProcessor implements CatalogProcessor {
  @Override
  public String name() {
    return "discovered";
  }

  @Override
  public Entity preProcess(Entity entity, ProcessorContext context) {
    return entity.withAnnotation("greenroom.dev/discovered", "true");
  }
}
