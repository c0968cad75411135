package dev.greenroom.catalog.store;

import dev.greenroom.catalog.model.EntityRef;
import java.util.List;

/**
 * What changed in a store since a version a reader had seen: the answer of {@link
 * EntityStore#changesSince(long)}, read by the caches of hosts that share one database.
 *
 * @param version the store's version now; pass it to the next {@code changesSince}
 * @param everything true when the changes cannot be listed (too many, or older than the log
 *     keeps): forget everything cached
 * @param refs the entities added, changed or removed since the version asked for (empty when
 *     {@code everything})
 */
public record EntityChanges(long version, boolean everything, List<EntityRef> refs) {
  public EntityChanges {
    refs = everything ? List.of() : List.copyOf(refs);
  }

  /** Nothing changed: the store is at {@code version}. */
  public static EntityChanges none(long version) {
    return new EntityChanges(version, false, List.of());
  }

  /** Too much or too long ago to list: forget everything. */
  public static EntityChanges all(long version) {
    return new EntityChanges(version, true, List.of());
  }
}
