package dev.greenroom.catalog.processing.state;

import dev.greenroom.catalog.model.EntityRef;
import java.util.List;

/**
 * What {@link ProcessingStateStore#complete} did.
 *
 * @param conflicts children not written because another source holds their ref
 * @param skipped refs whose outcome was dropped because the lease was lost
 */
public record CompletionOutcome(List<Conflict> conflicts, List<EntityRef> skipped) {
  public CompletionOutcome {
    conflicts = List.copyOf(conflicts);
    skipped = List.copyOf(skipped);
  }
}
