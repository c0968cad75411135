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
 * An {@link EntityStore} that forwards every call to another store: the base for decorators
 * (caches, metrics, access checks), which override only what they change.
 */
public abstract class ForwardingEntityStore implements EntityStore {
  private final EntityStore delegate;

  /** Forwards to {@code delegate}. */
  protected ForwardingEntityStore(EntityStore delegate) {
    this.delegate = delegate;
  }

  /** The store calls are forwarded to. */
  public EntityStore delegate() {
    return delegate;
  }

  @Override
  public WriteResult write(WriteBatch batch) {
    return delegate.write(batch);
  }

  @Override
  public WriteResult restitchDeferred(int limit) {
    return delegate.restitchDeferred(limit);
  }

  @Override
  public long deferredCount() {
    return delegate.deferredCount();
  }

  @Override
  public void beginBulkLoad() {
    delegate.beginBulkLoad();
  }

  @Override
  public void endBulkLoad() {
    delegate.endBulkLoad();
  }

  @Override
  public Optional<Entity> get(EntityRef ref) {
    return delegate.get(ref);
  }

  @Override
  public Optional<Entity> getByUid(String uid) {
    return delegate.getByUid(uid);
  }

  @Override
  public List<@Nullable Entity> getAll(List<EntityRef> refs) {
    return delegate.getAll(refs);
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
  public @Nullable EntityChanges changesSince(long version) {
    return delegate.changesSince(version);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
