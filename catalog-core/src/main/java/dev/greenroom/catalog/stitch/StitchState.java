package dev.greenroom.catalog.stitch;

import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.model.Relation;
import dev.greenroom.catalog.model.RelationEdge;
import dev.greenroom.catalog.query.SearchRow;
import java.util.Collection;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The storage primitives {@link Stitcher} needs, seen from inside one write transaction. A store
 * implements this over its own tables or maps; reads must see the transaction's own earlier
 * writes.
 */
public interface StitchState {

  /** The final entity stored under {@code ref}, or null. */
  @Nullable Entity current(EntityRef ref);

  /** The edges {@code emitter} emitted in its last upsert. */
  List<RelationEdge> edgesEmittedBy(EntityRef emitter);

  /** Replaces the edges {@code emitter} emits. */
  void replaceEmittedEdges(EntityRef emitter, List<RelationEdge> edges);

  /**
   * The distinct relations whose source is {@code source}, from every emitter, sorted by type then
   * target.
   */
  List<Relation> relationsOf(EntityRef source);

  /** Stores a final entity and its search rows, replacing what {@code ref} had. */
  void putEntity(Entity finalEntity, List<SearchRow> rows, boolean isNew);

  /** Removes the final entity and its search rows (its edges are handled separately). */
  void deleteEntity(EntityRef ref);

  /**
   * Hints that the stitcher will ask for {@link #current} and {@link #relationsOf} of these refs
   * (and of no others, but for rare misses); a store may load them in bulk. The default does
   * nothing.
   */
  default void prefetch(Collection<EntityRef> refs) {}

  /** Remembers that {@code ref} must be re-stitched later (it is stored). */
  void deferRestitch(EntityRef ref);

  /** Forgets a deferred re-stitch of {@code ref} (it was stitched or deleted). */
  void clearDeferred(EntityRef ref);

  /** Up to {@code limit} refs whose re-stitch is deferred, oldest or in ref order. */
  List<EntityRef> deferred(int limit);
}
