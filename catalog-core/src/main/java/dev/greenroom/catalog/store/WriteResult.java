package dev.greenroom.catalog.store;

import dev.greenroom.catalog.model.EntityRef;
import java.util.List;

/**
 * What a write changed in the final entities that readers see.
 *
 * @param added refs of entities that did not exist before
 * @param changed refs of entities whose final form changed (including by new or lost relations)
 * @param removed refs of entities that were deleted
 */
public record WriteResult(List<EntityRef> added, List<EntityRef> changed, List<EntityRef> removed) {
  public WriteResult {
    added = List.copyOf(added);
    changed = List.copyOf(changed);
    removed = List.copyOf(removed);
  }

  /** True when readers see no difference. */
  public boolean isEmpty() {
    return added.isEmpty() && changed.isEmpty() && removed.isEmpty();
  }
}
