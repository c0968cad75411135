package dev.greenroom.catalog.processing.state;

import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.processing.ProcessingError;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One row of processing state, for reads and tests.
 *
 * @param ref the entity
 * @param entityId the stable id
 * @param unprocessed the entity as submitted
 * @param processed the last successfully processed entity, or null
 * @param resultHash the hash of the last outcome, or null
 * @param errors the errors of the last run
 * @param locationKey the location key, or null
 * @param nextUpdateAt when the entity is due
 * @param refreshKeys the refresh keys of the last successful run, sorted
 * @param lastDiscoveryAt when a provider or parent last wrote the unprocessed entity (inserted or
 *     changed it), or null when not known (rows of a JDBC store written before schema version 2)
 */
public record RefreshState(
    EntityRef ref,
    String entityId,
    Entity unprocessed,
    @Nullable Entity processed,
    @Nullable String resultHash,
    List<ProcessingError> errors,
    @Nullable String locationKey,
    Instant nextUpdateAt,
    List<String> refreshKeys,
    @Nullable Instant lastDiscoveryAt) {
  public RefreshState {
    errors = List.copyOf(errors);
    refreshKeys = List.copyOf(refreshKeys);
  }
}
