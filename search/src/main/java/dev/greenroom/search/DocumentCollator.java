package dev.greenroom.search;

import dev.greenroom.catalog.model.Entity;
import java.util.List;
import java.util.function.Consumer;

/**
 * Produces the documents of one search type (Backstage's collator factories: {@code
 * software-catalog}, {@code techdocs}, a host's own). The engine calls {@link #collateAll} on a
 * full reindex (at start and on the host's schedule) and {@link #collate(Entity)} when one entity
 * changed (catalog events, a TechDocs build), replacing that entity's documents of this type only.
 * Calls come from the engine's executor and the host's scheduler: {@link #collate(Entity)} may run
 * on several threads at once and beside {@link #collateAll}; {@link #collateAll} runs one at a time.
 */
public interface DocumentCollator {
  /** The type results carry and {@code types[]} selects, for example {@code software-catalog}. */
  String type();

  /**
   * Every document of this type. A collator that throws leaves its previous documents in the index;
   * the error is logged naming the type. When {@link #collatesEntities()}, give each entity's
   * documents one after the other: the engine compares them with the indexed ones entity by entity
   * as they come, and rewrites on every pass the entities whose documents come apart.
   *
   * @param sink receives the documents
   */
  void collateAll(Consumer<IndexableDocument> sink);

  /**
   * The documents of one entity after it was added or changed; each should carry the entity's ref.
   * The default answers none, for collators whose documents are not entities' (they are refreshed by
   * the full reindex only).
   *
   * @param entity the entity as the catalog holds it now
   * @return its documents of this type, possibly none
   */
  default List<IndexableDocument> collate(Entity entity) {
    return List.of();
  }

  /** True when {@link #collate(Entity)} gives an entity's documents (so they can be replaced one entity at a time). */
  default boolean collatesEntities() {
    return false;
  }
}
