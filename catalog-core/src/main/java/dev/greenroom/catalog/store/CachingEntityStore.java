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
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A store decorator that keeps hot reads in Caffeine caches: entities by ref, and the results of
 * facet and count queries (the aggregates a catalog UI asks for on every page). A write through
 * this decorator invalidates the entities it changed and every cached aggregate.
 *
 * <p>Writes of other processes that share the database (several hosts on one PostgreSQL) reach
 * the cache through the store's change log ({@link EntityStore#changesSince}): a cached read first
 * asks the store what changed since the version it saw, at most once per check interval (default
 * 1 s; one indexed single-row read when nothing did), and forgets the refs listed (or everything,
 * when the store says so). So another host's write is served here at most a check interval after
 * it committed. Over a store without a change log (in memory: no one else writes to it) nothing is
 * checked. The check runs on the reading thread; concurrent readers do not wait for it. An
 * optional time-to-live bounds how long any entry is served.
 */
public final class CachingEntityStore extends ForwardingEntityStore {
  private static final Logger LOG = LoggerFactory.getLogger(CachingEntityStore.class);

  /** The default of how often a read asks the store's change log. */
  public static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofSeconds(1);

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

  /**
   * Whether the store keeps a change log: unknown until the first read asks it (so that building
   * the cache never opens the database), then tracked or untracked for good.
   */
  private volatile int tracking = UNKNOWN;
  private static final int UNKNOWN = 0;
  private static final int TRACKED = 1;
  private static final int UNTRACKED = 2;
  private final long checkNanos;
  private final ReentrantLock checking = new ReentrantLock();
  /** The store version the cache is in step with (guarded by {@link #checking}). */
  private long seenVersion;
  private volatile long nextCheck;

  private record FacetKey(List<String> keys, EntityPredicate filter) {}

  /**
   * Wraps {@code delegate}, asking its change log every {@link #DEFAULT_CHECK_INTERVAL}.
   *
   * @param delegate the store to read through
   * @param maximumSize most entities kept
   * @param ttl how long an entry may live, or null for "until invalidated"
   */
  public CachingEntityStore(EntityStore delegate, long maximumSize, @Nullable Duration ttl) {
    this(delegate, maximumSize, ttl, DEFAULT_CHECK_INTERVAL);
  }

  /**
   * Wraps {@code delegate}.
   *
   * @param delegate the store to read through
   * @param maximumSize most entities kept (at least 1)
   * @param ttl how long an entry may live (positive), or null for "until invalidated"
   * @param checkInterval how often a read asks the store what other processes changed; zero asks
   *     on every cached read
   * @throws IllegalArgumentException for a size below 1, a ttl not positive, a negative interval
   */
  public CachingEntityStore(
      EntityStore delegate, long maximumSize, @Nullable Duration ttl, Duration checkInterval) {
    super(Objects.requireNonNull(delegate, "delegate"));
    if (maximumSize < 1) {
      throw new IllegalArgumentException("cache maximum size must be at least 1, was " + maximumSize);
    }
    if (ttl != null && (ttl.isNegative() || ttl.isZero())) {
      throw new IllegalArgumentException("cache ttl must be positive, was " + ttl);
    }
    Objects.requireNonNull(checkInterval, "check interval");
    if (checkInterval.isNegative()) {
      throw new IllegalArgumentException(
          "cache check interval must not be negative, was " + checkInterval);
    }
    this.checkNanos = checkInterval.toNanos();
    this.nextCheck = System.nanoTime();
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
   * process wrote to the same database that the store's change log does not tell (a store
   * without one).
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

  /**
   * Forgets what other processes changed since the last check, when a check is due: at most one
   * per interval, by one thread (the others read on meanwhile).
   */
  private void catchUp() {
    int t = tracking;
    if (t == UNTRACKED || (t == TRACKED && System.nanoTime() - nextCheck < 0)) {
      return;
    }
    if (t == UNKNOWN) {
      checking.lock(); // no read may cache anything before the log's position is known
    } else if (!checking.tryLock()) {
      return;
    }
    try {
      if (tracking == UNKNOWN) {
        // the first read: where the log stands now; nothing is cached yet
        EntityChanges start;
        try {
          start = delegate().changesSince(-1);
        } catch (RuntimeException e) {
          return; // the database cannot be read yet: the read that follows says so
        }
        seenVersion = start == null ? 0 : start.version();
        nextCheck = System.nanoTime() + checkNanos;
        tracking = start == null ? UNTRACKED : TRACKED;
        return;
      }
      if (tracking == UNTRACKED || System.nanoTime() - nextCheck < 0) {
        return; // another thread checked meanwhile
      }
      EntityChanges c;
      try {
        c = delegate().changesSince(seenVersion);
      } catch (RuntimeException e) {
        // the reads that follow meet the same database; what they load is current
        LOG.warn("reading the catalog store's change log failed; forgetting the cache: {}",
            e.toString());
        invalidateAll();
        return;
      } finally {
        nextCheck = System.nanoTime() + checkNanos;
      }
      if (c == null || c.version() == seenVersion) {
        return;
      }
      if (c.everything()) {
        invalidateAll();
      } else {
        invalidate(c.refs());
      }
      seenVersion = c.version();
    } finally {
      checking.unlock();
    }
  }

  @Override
  public Optional<Entity> get(EntityRef ref) {
    catchUp();
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
    catchUp();
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
    catchUp();
    ScanRequest key =
        new ScanRequest(
            request.filter(), request.fullText(), request.sort(), request.requireSortValue(),
            null, 0, 0);
    return counts.get(key, delegate()::count);
  }

  @Override
  public Map<String, List<FacetCount>> facets(
      Collection<String> facetKeys, EntityPredicate filter) {
    catchUp();
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
