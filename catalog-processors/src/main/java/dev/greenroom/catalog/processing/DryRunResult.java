package dev.greenroom.catalog.processing;

import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import java.util.List;

/**
 * What registering a location would ingest, found without storing anything.
 *
 * @param entities the processed entities, in the order they were found (relations not stitched)
 * @param failures the entities whose processing failed, with their errors
 * @param truncated true when the walk stopped at the entity limit
 */
public record DryRunResult(List<Entity> entities, List<Failure> failures, boolean truncated) {
  public DryRunResult {
    entities = List.copyOf(entities);
    failures = List.copyOf(failures);
  }

  /**
   * An entity whose processing failed.
   *
   * @param ref the entity
   * @param location where it was read
   * @param errors why it failed
   */
  public record Failure(EntityRef ref, String location, List<ProcessingError> errors) {
    public Failure {
      errors = List.copyOf(errors);
    }
  }

  /** True when every entity processed without errors. */
  public boolean ok() {
    return failures.isEmpty();
  }
}
