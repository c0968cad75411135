package dev.greenroom.catalog.processing;

import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Something that happened in the catalog, as {@link CatalogListener}s see it. Matched with {@code
 * instanceof}.
 */
public sealed interface CatalogEvent {
  /** The entity the event is about. */
  EntityRef ref();

  /** A final entity became visible. */
  record EntityAdded(EntityRef ref, Entity entity) implements CatalogEvent {}

  /** A final entity changed (its data, relations or status). */
  record EntityChanged(EntityRef ref, Entity entity) implements CatalogEvent {}

  /** A final entity was removed. */
  record EntityRemoved(EntityRef ref) implements CatalogEvent {}

  /**
   * A processing run failed; the entity keeps its last good data and shows the errors.
   *
   * @param location where the entity was read, when known
   */
  record ProcessingFailed(EntityRef ref, @Nullable String location, List<ProcessingError> errors)
      implements CatalogEvent {
    public ProcessingFailed {
      errors = List.copyOf(errors);
    }
  }

  /**
   * The same ref came from a second place; the first keeps it and the newcomer was dropped.
   *
   * @param existingLocationKey the key of the place that keeps the entity
   * @param newLocationKey the key of the place that was refused
   */
  record Conflict(
      EntityRef ref, @Nullable String existingLocationKey, @Nullable String newLocationKey)
      implements CatalogEvent {}
}
