package dev.greenroom.catalog.processing.state;

import dev.greenroom.catalog.model.EntityRef;
import java.util.List;

/**
 * What a provider mutation did.
 *
 * @param conflicts entities not written because another source holds their ref
 * @param deleted refs deleted (eagerly, with their subtrees)
 */
public record MutationOutcome(List<Conflict> conflicts, List<EntityRef> deleted) {
  public MutationOutcome {
    conflicts = List.copyOf(conflicts);
    deleted = List.copyOf(deleted);
  }
}
