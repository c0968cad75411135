package dev.greenroom.cli;

import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.processing.CatalogEvent;
import dev.greenroom.catalog.processing.CatalogListener;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs what a person running the server wants to see: processing failures and conflicts, once per
 * entity until its error changes or it recovers (the engine re-processes every entity on its
 * interval, which would otherwise repeat each line).
 */
final class ProcessingLog implements CatalogListener {
  private static final Logger LOG = LoggerFactory.getLogger("dev.greenroom.catalog");

  private final Map<EntityRef, String> lastError = new ConcurrentHashMap<>();

  @Override
  public void onEvent(CatalogEvent event) {
    if (event instanceof CatalogEvent.ProcessingFailed f) {
      String error = f.errors().isEmpty() ? "unknown error" : f.errors().get(0).toString();
      if (!error.equals(lastError.put(f.ref(), error))) {
        LOG.warn("Processing {} failed: {}", f.ref(), error);
      }
    } else if (event instanceof CatalogEvent.Conflict c) {
      LOG.warn("Entity {} from {} was refused: {} provides it already", c.ref(),
          c.newLocationKey(), c.existingLocationKey());
    } else if (event instanceof CatalogEvent.EntityRemoved r) {
      lastError.remove(r.ref());
    } else if (event instanceof CatalogEvent.EntityAdded a) {
      recovered(a.ref(), a.entity());
    } else if (event instanceof CatalogEvent.EntityChanged c) {
      recovered(c.ref(), c.entity());
    }
  }

  private void recovered(EntityRef ref, Entity entity) {
    if (entity.statusItems().isEmpty() && lastError.remove(ref) != null) {
      LOG.info("Processing {} succeeds again", ref);
    }
  }
}
