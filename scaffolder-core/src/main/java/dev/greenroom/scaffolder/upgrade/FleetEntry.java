package dev.greenroom.scaffolder.upgrade;

import dev.greenroom.catalog.model.EntityRef;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One entity made from a template.
 *
 * @param entityRef the entity
 * @param version the template version it records, or null when it records none (made before
 *     versions were recorded, or by another tool)
 * @param outdated true when {@code version} is not the template's current version
 */
public record FleetEntry(EntityRef entityRef, @Nullable String version, boolean outdated) {
  public FleetEntry {
    Objects.requireNonNull(entityRef, "entityRef");
  }
}
