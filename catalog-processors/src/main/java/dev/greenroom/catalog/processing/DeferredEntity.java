package dev.greenroom.catalog.processing;

import dev.greenroom.catalog.model.Entity;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An unprocessed entity handed to the engine by a provider or emitted by a parent, with the
 * location key that claims its ref. Two sources that submit the same ref with different keys
 * conflict: the first keeps the entity, the second is reported.
 *
 * @param entity the unprocessed entity; it must carry {@code backstage.io/managed-by-location} and
 *     {@code backstage.io/managed-by-origin-location}
 * @param locationKey the key, usually the {@code managed-by-location} value; null for none
 */
public record DeferredEntity(Entity entity, @Nullable String locationKey) {
  public DeferredEntity {
    Objects.requireNonNull(entity, "entity");
  }
}
