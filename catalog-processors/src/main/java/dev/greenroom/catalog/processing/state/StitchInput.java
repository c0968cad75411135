package dev.greenroom.catalog.processing.state;

import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.model.RelationEdge;
import dev.greenroom.catalog.processing.ProcessingError;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the stitcher needs for one queued ref.
 *
 * @param ref the entity
 * @param ticket the queue ticket claimed, handed back to {@link ProcessingStateStore#finishStitches}
 * @param exists false when the row was deleted: the final entity must go
 * @param entityId the row's id (the final {@code metadata.uid}); null when deleted
 * @param processed the last successfully processed entity; null when never processed (the final
 *     entity is then not served)
 * @param errors the errors of the last run (empty when it succeeded)
 * @param orphan true when no source or parent references the row
 * @param relations the relations the last successful run emitted
 */
public record StitchInput(
    EntityRef ref,
    String ticket,
    boolean exists,
    @Nullable String entityId,
    @Nullable Entity processed,
    List<ProcessingError> errors,
    boolean orphan,
    List<RelationEdge> relations) {
  public StitchInput {
    errors = List.copyOf(errors);
    relations = List.copyOf(relations);
  }
}
