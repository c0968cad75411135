package dev.greenroom.catalog.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.query.EntityPredicate;
import dev.greenroom.catalog.query.FacetCount;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A store decorator that keeps hot reads in Caffeine caches: entities by ref, and the results of
 * facet and count queries (the aggregates a catalog UI asks for on every page). A write through
 * this decorator invalidates the entities it changed and every cached aggregate; an optional
 * time-to-live bounds staleness when other processes write to the same database.
 */
public final class CachingEntityStore extends ForwardingEntityStore {
  private final Cache<EntityRef, Entity> byRef;
  private final Cache<FacetKey, Map<String, List<FacetCount>>> facets;
  private final Cache<ScanRequest, Long> counts;
  /**
   * Bumped by every invalidation; a read that loaded from the store caches its result only when
   * no invalidation happened meanwhile, so a value read just before another host's write (and its
   * invalidation) is not put back into the cache after it.
   */
  private final java.util.concurrent.atomic.AtomicLong generation =
      new java.util.concurrent.atomic.AtomicLong();

  private record FacetKey(List<String> keys, EntityPredicate filter) {}

  /**
   * Wraps {@code delegate}.
   *
   * @param delegate the store to read through
   * @param maximumSize most entities kept
   * @param ttl how long an entry may live, or null for "until invalidated"
   */
  public CachingEntityStore(EntityStore delegate, long maximumSize, @Nullable Duration ttl) {
    super(delegate);
    Caffeine<Object, Object> b = Caffeine.newBuilder().maximumSize(maximumSize);
    this.byRef = (ttl == null ? b : b.expireAfterWrite(ttl)).build();
    this.facets = aggregates(ttl).build();
    this.counts = aggregates(ttl).build();
  }

  private static Caffeine<Object, Object> aggregates(@Nullable Duration ttl) {
    Caffeine<Object, Object> b = Caffeine.newBuilder().maximumSize(10_000);
    return ttl == null ? b : b.expireAfterWrite(ttl);
  }

  @Override
  public WriteResult write(WriteBatch batch) {
    return invalidating(() -> delegate().write(batch));
  }

  @Override
  public WriteResult restitchDeferred(int limit) {
    return invalidating(() -> delegate().restitchDeferred(limit));
  }

  private WriteResult invalidating(java.util.function.Supplier<WriteResult> write) {
    try {
      WriteResult r = write.get();
      generation.incrementAndGet();
      byRef.invalidateAll(r.changed());
      byRef.invalidateAll(r.removed());
      byRef.invalidateAll(r.added());
      if (!r.isEmpty()) {
        facets.invalidateAll();
        counts.invalidateAll();
      }
      return r;
    } catch (RuntimeException e) {
      invalidateAll();
      throw e;
    }
  }

  /**
   * Forgets the cached entities of {@code refs} and every cached aggregate: for changes another
   * process wrote to the same database (hosts that share PostgreSQL tell each other what changed).
   */
  public void invalidate(Collection<EntityRef> refs) {
    generation.incrementAndGet();
    byRef.invalidateAll(refs);
    facets.invalidateAll();
    counts.invalidateAll();
  }

  /** Forgets everything cached. */
  public void invalidateAll() {
    generation.incrementAndGet();
    byRef.invalidateAll();
    facets.invalidateAll();
    counts.invalidateAll();
  }

  @Override
  public Optional<Entity> get(EntityRef ref) {
    Entity hit = byRef.getIfPresent(ref);
    if (hit != null) {
      return Optional.of(hit);
    }
    long before = generation.get();
    Optional<Entity> loaded = delegate().get(ref);
    if (loaded.isPresent() && generation.get() == before) {
      byRef.put(ref, loaded.get());
    }
    return loaded;
  }

  @Override
  public List<@Nullable Entity> getAll(List<EntityRef> refs) {
    List<@Nullable Entity> out = new ArrayList<>(refs.size());
    List<EntityRef> missing = new ArrayList<>();
    List<Integer> missingAt = new ArrayList<>();
    for (EntityRef ref : refs) {
      Entity hit = byRef.getIfPresent(ref);
      if (hit == null) {
        missing.add(ref);
        missingAt.add(out.size());
      }
      out.add(hit);
    }
    if (!missing.isEmpty()) {
      long before = generation.get();
      List<@Nullable Entity> loaded = delegate().getAll(missing);
      boolean current = generation.get() == before;
      for (int i = 0; i < missing.size(); i++) {
        Entity e = loaded.get(i);
        out.set(missingAt.get(i), e);
        if (e != null && current) {
          byRef.put(missing.get(i), e);
        }
      }
    }
    return out;
  }

  @Override
  public long count(ScanRequest request) {
    ScanRequest key =
        new ScanRequest(
            request.filter(), request.fullText(), request.sort(), request.requireSortValue(),
            null, 0, 0);
    return counts.get(key, delegate()::count);
  }

  @Override
  public Map<String, List<FacetCount>> facets(
      Collection<String> facetKeys, EntityPredicate filter) {
    return facets.get(
        new FacetKey(List.copyOf(facetKeys), filter),
        k -> {
          Map<String, List<FacetCount>> copy = new LinkedHashMap<>();
          delegate().facets(k.keys(), k.filter()).forEach((f, v) -> copy.put(f, List.copyOf(v)));
          return Collections.unmodifiableMap(copy);
        });
  }

  @Override
  public void close() {
    byRef.invalidateAll();
    facets.invalidateAll();
    counts.invalidateAll();
    super.close();
  }
}
