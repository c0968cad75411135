package dev.greenroom.catalog;

import dev.greenroom.catalog.model.BuiltinRelations;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.query.EntityPage;
import dev.greenroom.catalog.query.EntityPredicate;
import dev.greenroom.catalog.query.EntityProjection;
import dev.greenroom.catalog.query.EntityQuery;
import dev.greenroom.catalog.query.FacetCount;
import dev.greenroom.catalog.query.QueryCursor;
import dev.greenroom.catalog.query.SortField;
import dev.greenroom.catalog.store.CachingEntityStore;
import dev.greenroom.catalog.store.EntityStore;
import dev.greenroom.catalog.store.ScanRequest;
import dev.greenroom.catalog.store.ScanResult;
import dev.greenroom.catalog.store.WriteBatch;
import dev.greenroom.catalog.store.WriteResult;
import dev.greenroom.catalog.store.memory.MemoryEntityStore;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * The entry point of catalog-core: a store of final entities with Backstage's read semantics
 * (refs, filters, predicates, projections, cursor pages, facets) and a simple write path.
 *
 * <pre>{@code
 * try (Catalog catalog = Catalog.builder().store(JdbcEntityStore.h2File(dir)).build()) {
 *   catalog.upsert(entities);
 *   Optional<Entity> svc = catalog.entity(EntityRef.parse("component:default/petstore"));
 *   EntityPage page = catalog.query(EntityQuery.of(EntityFilters.parseLegacy(List.of("kind=api"))));
 * }
 * }</pre>
 *
 * <p>Thread-safe. Hot reads by ref are served from a Caffeine cache ({@link CachingEntityStore})
 * that writes through this catalog invalidate, and that follows the writes of other hosts sharing
 * the database through the store's change log. The processing pipeline (catalog-processors)
 * writes through {@link #write(WriteBatch)}.
 */
public final class Catalog implements AutoCloseable {
  /** Page size used when streaming every matching entity. */
  static final int STREAM_PAGE = 10_000;

  private final EntityStore store;
  private final QueryEngine queries;

  private Catalog(EntityStore store) {
    this.store = store;
    this.queries = new QueryEngine(store);
  }

  /** A builder; without a store the catalog lives in memory. */
  public static Builder builder() {
    return new Builder();
  }

  /** The store behind this catalog (with its cache). */
  public EntityStore store() {
    return store;
  }

  /** The final entity with this ref. */
  public Optional<Entity> entity(EntityRef ref) {
    return store.get(ref);
  }

  /** The final entity with this {@code metadata.uid}. */
  public Optional<Entity> entityByUid(String uid) {
    return store.getByUid(uid);
  }

  /** Entities for refs, same order, null where unknown. */
  public List<@Nullable Entity> entities(List<EntityRef> refs) {
    return store.getAll(refs);
  }

  /** The first page of a cursor-paged query. */
  public EntityPage query(EntityQuery query) {
    return queries.first(query);
  }

  /**
   * A following page of a cursor-paged query.
   *
   * @param cursor a cursor from a previous page
   * @param limit page size
   * @param projection fields to return
   */
  public EntityPage query(String cursor, int limit, EntityProjection projection) {
    return queries.next(QueryCursor.decode(cursor), limit, projection);
  }

  /**
   * Offset paging with several sort fields (Backstage's {@code GET /entities?limit=...}): entities
   * lacking a sort value come last.
   */
  public List<ObjectNode> list(
      EntityPredicate filter, List<SortField> order, EntityProjection projection, int offset, int limit) {
    List<Entity> entities = listEntities(filter, order, offset, limit);
    List<ObjectNode> out = new java.util.ArrayList<>(entities.size());
    for (Entity e : entities) {
      out.add(projection.apply(e.toJson()));
    }
    return out;
  }

  /**
   * {@link #list} without a projection: the entities as read, so that an answer can write each
   * one's stored text ({@link Entity#toJsonString()}) without building a tree.
   */
  public List<Entity> listEntities(
      EntityPredicate filter, List<SortField> order, int offset, int limit) {
    return store.scan(new ScanRequest(filter, null, order, false, null, offset, limit)).entities();
  }

  /**
   * Streams every matching entity in pages, without holding the whole result (Backstage's {@code
   * GET /entities} without paging): ordered by {@code order} when given, in which case entities
   * lacking it are left out, as Backstage does.
   */
  public void forEach(EntityPredicate filter, @Nullable SortField order, Consumer<Entity> sink) {
    List<SortField> sort = order == null ? List.of() : List.of(order);
    ScanRequest.Keyset after = null;
    while (true) {
      ScanResult r =
          store.scan(new ScanRequest(filter, null, sort, order != null, after, 0, STREAM_PAGE));
      r.entities().forEach(sink);
      if (r.entities().size() < STREAM_PAGE) {
        return;
      }
      after = r.last();
    }
  }

  /** Value counts per facet among entities matching {@code filter}. */
  public Map<String, List<FacetCount>> facets(Collection<String> facets, EntityPredicate filter) {
    return store.facets(facets, filter);
  }

  /** How many entities match. */
  public long count(EntityPredicate filter) {
    return store.count(ScanRequest.of(filter, 0));
  }

  /**
   * Stores entities as they are, with the relations their built-in kind fields imply (no
   * processors run; validate first), stitched like every entity (uid kept or assigned, etag, {@code
   * javascript:} view/edit URLs replaced). One atomic batch.
   */
  public WriteResult upsert(Collection<Entity> entities) {
    WriteBatch batch = new WriteBatch();
    for (Entity e : entities) {
      batch.upsert(e, BuiltinRelations.of(e));
    }
    return store.write(batch);
  }

  /** Removes entities and the relations they emitted. One atomic batch. */
  public WriteResult remove(Collection<EntityRef> refs) {
    WriteBatch batch = new WriteBatch();
    refs.forEach(batch::delete);
    return store.write(batch);
  }

  /** Applies a prepared batch atomically. */
  public WriteResult write(WriteBatch batch) {
    return store.write(batch);
  }

  /**
   * Re-stitches up to {@code limit} entities whose re-stitch a {@link WriteBatch#deferRestitch()}
   * batch deferred; see {@link EntityStore#restitchDeferred(int)}.
   */
  public WriteResult restitchDeferred(int limit) {
    return store.restitchDeferred(limit);
  }

  /**
   * Forgets what the read cache holds for {@code refs} (and every cached count and facet). The
   * JDBC stores tell the cache what other hosts changed by themselves; this is for stores that
   * cannot. Nothing happens when the catalog has no cache.
   */
  public void invalidateCache(java.util.Collection<EntityRef> refs) {
    if (store instanceof CachingEntityStore c) {
      c.invalidate(refs);
    }
  }

  /** Forgets everything the read cache holds; see {@link #invalidateCache(java.util.Collection)}. */
  public void invalidateCache() {
    if (store instanceof CachingEntityStore c) {
      c.invalidateAll();
    }
  }

  @Override
  public void close() {
    store.close();
  }

  /** Configures a {@link Catalog}. */
  public static final class Builder {
    private @Nullable EntityStore store;
    private long cacheSize = 10_000;
    private @Nullable Duration cacheTtl;
    private Duration cacheCheckInterval = CachingEntityStore.DEFAULT_CHECK_INTERVAL;

    private Builder() {}

    /** The store to use; the catalog closes it on {@link Catalog#close()}. */
    public Builder store(EntityStore store) {
      this.store = Objects.requireNonNull(store);
      return this;
    }

    /** Most entities kept in the read cache; 0 turns the cache off. Default 10,000. */
    public Builder cacheSize(long cacheSize) {
      if (cacheSize < 0) {
        throw new IllegalArgumentException("cache size must not be negative, was " + cacheSize);
      }
      this.cacheSize = cacheSize;
      return this;
    }

    /**
     * How long a cached entity (or count, or facet) may be served at most. Default: until a
     * write changes it, through this catalog or, for a store with a change log (the JDBC stores),
     * through any other host sharing the database.
     */
    public Builder cacheTtl(Duration ttl) {
      Objects.requireNonNull(ttl, "cache ttl");
      if (ttl.isNegative() || ttl.isZero()) {
        throw new IllegalArgumentException("cache ttl must be positive, was " + ttl);
      }
      this.cacheTtl = ttl;
      return this;
    }

    /**
     * How often a cached read asks the store what other hosts changed (its change log): the
     * longest another host's write is served stale here. Default 1 s; zero asks on every read.
     */
    public Builder cacheCheckInterval(Duration interval) {
      Objects.requireNonNull(interval, "cache check interval");
      if (interval.isNegative()) {
        throw new IllegalArgumentException(
            "cache check interval must not be negative, was " + interval);
      }
      this.cacheCheckInterval = interval;
      return this;
    }

    /** The catalog. */
    public Catalog build() {
      EntityStore s = store != null ? store : new MemoryEntityStore();
      if (cacheSize > 0) {
        s = new CachingEntityStore(s, cacheSize, cacheTtl, cacheCheckInterval);
      }
      return new Catalog(s);
    }
  }
}
