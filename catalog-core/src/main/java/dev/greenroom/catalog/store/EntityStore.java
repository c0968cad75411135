package dev.greenroom.catalog.store;

import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.model.RelationEdge;
import dev.greenroom.catalog.query.EntityPredicate;
import dev.greenroom.catalog.query.FacetCount;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The graph store SPI: final (stitched) entities, the relation edges between them and the search
 * index over them. Two implementations pass the same contract tests: {@code
 * dev.greenroom.catalog.store.memory.MemoryEntityStore} (a jgrapht graph) and {@code
 * dev.greenroom.catalog.store.jdbc.JdbcEntityStore} (Jdbi on H2 or PostgreSQL).
 *
 * <p>Writes go through {@link #write(WriteBatch)}, which stitches: it assigns {@code
 * metadata.uid} (kept across updates of the same ref), rebuilds {@code relations} from the edges
 * of every emitter, sets {@code metadata.etag} to a hash of the final entity, and skips entities
 * whose final form did not change. Reads are consistent with the last completed write. Every
 * method is thread-safe.
 */
public interface EntityStore extends AutoCloseable {

  /**
   * Applies a batch atomically.
   *
   * @throws StoreException if the batch could not be applied; nothing of it is then visible
   */
  WriteResult write(WriteBatch batch);

  /**
   * Re-stitches up to {@code limit} entities whose re-stitch a {@link WriteBatch#deferRestitch()}
   * batch deferred, atomically.
   *
   * @return what changed; empty when nothing was deferred
   */
  WriteResult restitchDeferred(int limit);

  /** The number of entities whose re-stitch is deferred. */
  long deferredCount();

  /**
   * Hints that a bulk load of many new entities follows (an initial ingest into an empty store).
   * A store may suspend the upkeep of secondary indexes until {@link #endBulkLoad()}; reads stay
   * correct but may be slower meanwhile. A store must restore what it suspended when it is opened
   * again after a crash. The default does nothing.
   */
  default void beginBulkLoad() {}

  /** Ends a bulk load: suspended indexes are rebuilt before this returns. Default: nothing. */
  default void endBulkLoad() {}

  /** The final entity with this ref, if stored. */
  Optional<Entity> get(EntityRef ref);

  /** The final entity with this {@code metadata.uid}, if stored. */
  Optional<Entity> getByUid(String uid);

  /** The final entities for {@code refs}, same length and order, null where unknown. */
  List<@Nullable Entity> getAll(List<EntityRef> refs);

  /** Entities in the order and window the request names. */
  ScanResult scan(ScanRequest request);

  /** How many entities a scan would return without offset, limit and keyset. */
  long count(ScanRequest request);

  /**
   * Value counts for each facet key among the entities matching {@code filter}: per key (as
   * given), the distinct original values with the number of entities holding each, ordered by
   * value. Null values are left out.
   */
  Map<String, List<FacetCount>> facets(Collection<String> facetKeys, EntityPredicate filter);

  /** Every stitched edge whose source is one of {@code sources}. */
  List<RelationEdge> relationsFrom(Collection<EntityRef> sources);

  /** Every stitched edge whose target is one of {@code targets}. */
  List<RelationEdge> relationsTo(Collection<EntityRef> targets);

  /** The number of stored entities. */
  long size();

  /**
   * What readers would see changed since {@code version}, written by this process or by others
   * that share the store's database: read by the cache of each host ({@link CachingEntityStore})
   * to forget what another host changed. A version is the count of writes that changed
   * something; pass a negative version to learn the current one (then nothing is listed).
   *
   * @return null when the store keeps no change log (its data is this object's alone, as the
   *     in-memory store's, so a cache in front of it sees every write); the default
   */
  default @Nullable EntityChanges changesSince(long version) {
    return null;
  }

  /** Releases resources the store owns (not a host-supplied DataSource). */
  @Override
  void close();
}
