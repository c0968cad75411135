package dev.greenroom.catalog.processing;

/**
 * Receives {@link CatalogEvent}s. Called on the engine's own thread after the change is stored;
 * keep it quick (hand long work to an executor). A listener that throws is logged and skipped.
 */
@FunctionalInterface
public interface CatalogListener {
  /** Called once per event. */
  void onEvent(CatalogEvent event);
}
