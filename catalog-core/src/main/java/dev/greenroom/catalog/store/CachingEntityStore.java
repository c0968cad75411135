package dev.greenroom.catalog.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.model.RelationEdge;
import dev.greenroom.catalog.query.EntityPredicate;
import dev.greenroom.catalog.query.FacetCount;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A store decorator that keeps hot reads by ref in a Caffeine cache. Writes through this decorator
 * invalidate what they change; an optional time-to-live bounds staleness when other processes
 * write to the same database.
 */
public final class CachingEntityStore implements EntityStore {
  private final EntityStore delegate;
  private final Cache<EntityRef, Entity> byRef;

  /**
   * Wraps {@code delegate}.
   *
   * @param delegate the store to read through
   * @param maximumSize most entities kept
   * @param ttl how long an entry may live, or null for "until invalidated"
   */
  public CachingEntityStore(EntityStore delegate, long maximumSize, @Nullable Duration ttl) {
    this.delegate = delegate;
    Caffeine<Object, Object> b = Caffeine.newBuilder().maximumSize(maximumSize);
    if (ttl != null) {
      b.expireAfterWrite(ttl);
    }
    this.byRef = b.build();
  }

  /** The wrapped store. */
  public EntityStore delegate() {
    return delegate;
  }

  @Override
  public WriteResult write(WriteBatch batch) {
    try {
      WriteResult r = delegate.write(batch);
      byRef.invalidateAll(r.changed());
      byRef.invalidateAll(r.removed());
      byRef.invalidateAll(r.added());
      return r;
    } catch (RuntimeException e) {
      byRef.invalidateAll();
      throw e;
    }
  }

  @Override
  public Optional<Entity> get(EntityRef ref) {
    Entity hit = byRef.getIfPresent(ref);
    if (hit != null) {
      return Optional.of(hit);
    }
    Optional<Entity> loaded = delegate.get(ref);
    loaded.ifPresent(e -> byRef.put(ref, e));
    return loaded;
  }

  @Override
  public Optional<Entity> getByUid(String uid) {
    return delegate.getByUid(uid);
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
      List<@Nullable Entity> loaded = delegate.getAll(missing);
      for (int i = 0; i < missing.size(); i++) {
        Entity e = loaded.get(i);
        out.set(missingAt.get(i), e);
        if (e != null) {
          byRef.put(missing.get(i), e);
        }
      }
    }
    return out;
  }

  @Override
  public ScanResult scan(ScanRequest request) {
    return delegate.scan(request);
  }

  @Override
  public long count(ScanRequest request) {
    return delegate.count(request);
  }

  @Override
  public Map<String, List<FacetCount>> facets(
      Collection<String> facetKeys, EntityPredicate filter) {
    return delegate.facets(facetKeys, filter);
  }

  @Override
  public List<RelationEdge> relationsFrom(Collection<EntityRef> sources) {
    return delegate.relationsFrom(sources);
  }

  @Override
  public List<RelationEdge> relationsTo(Collection<EntityRef> targets) {
    return delegate.relationsTo(targets);
  }

  @Override
  public long size() {
    return delegate.size();
  }

  @Override
  public void close() {
    byRef.invalidateAll();
    delegate.close();
  }
}
