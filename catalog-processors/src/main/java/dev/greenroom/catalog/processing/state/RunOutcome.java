package dev.greenroom.catalog.processing.state;

import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.model.RelationEdge;
import dev.greenroom.catalog.processing.DeferredEntity;
import dev.greenroom.catalog.processing.ProcessingError;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** The outcome of one processing run, as {@link ProcessingStateStore#complete} stores it. */
public sealed interface RunOutcome {
  /** The entity processed. */
  EntityRef ref();

  /** The result hash equals the stored one: only the lease is released. */
  record Unchanged(EntityRef ref) implements RunOutcome {}

  /**
   * The run failed: {@code errors} and {@code resultHash} are written; the processed entity,
   * relations, references, children and refresh keys of the last good run stay. The processors'
   * cache counts down its time to live (5 failed runs) and is dropped at zero. The ref goes to
   * the stitch queue, so that the errors show in {@code status.items}.
   */
  record Failed(EntityRef ref, String resultHash, List<ProcessingError> errors)
      implements RunOutcome {
    public Failed {
      errors = List.copyOf(errors);
    }
  }

  /**
   * The run succeeded. Written: the processed entity, the relations (replacing this emitter's),
   * errors cleared, the result hash, the cache (when not null), the refresh keys (replacing). Each
   * child is written by the location-key rule (conflicts are reported) and this ref's references
   * are replaced by the children written or unchanged. Queued for stitching: this ref, and every
   * child that gained its first or lost its last reference (its orphan status changed).
   */
  record Succeeded(
      EntityRef ref,
      String resultHash,
      Entity processed,
      List<RelationEdge> relations,
      List<DeferredEntity> children,
      List<String> refreshKeys,
      ObjectNode cache)
      implements RunOutcome {
    public Succeeded {
      relations = List.copyOf(relations);
      children = List.copyOf(children);
      refreshKeys = List.copyOf(refreshKeys);
    }
  }
}
