package dev.greenroom.catalog.store;

import dev.greenroom.catalog.model.Entity;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Rows of a scan with the position of each, so that callers can build keyset cursors.
 *
 * @param entities the entities, in scan order
 * @param positions the position of each entity, same length and order
 */
public record ScanResult(List<Entity> entities, List<ScanRequest.Keyset> positions) {
  public ScanResult {
    entities = List.copyOf(entities);
    positions = List.copyOf(positions);
  }

  /** The position of the last row, or null when empty. */
  public ScanRequest.@Nullable Keyset last() {
    return positions.isEmpty() ? null : positions.get(positions.size() - 1);
  }
}
