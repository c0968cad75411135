package dev.greenroom.catalog.store.memory;

import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.model.Relation;
import dev.greenroom.catalog.model.RelationEdge;
import dev.greenroom.catalog.query.EntityFilters;
import dev.greenroom.catalog.query.EntityPredicate;
import dev.greenroom.catalog.query.FacetCount;
import dev.greenroom.catalog.query.FullTextFilter;
import dev.greenroom.catalog.query.SearchIndex;
import dev.greenroom.catalog.query.SearchRow;
import dev.greenroom.catalog.query.SortField;
import dev.greenroom.catalog.stitch.StitchState;
import dev.greenroom.catalog.stitch.Stitcher;
import dev.greenroom.catalog.store.EntityStore;
import dev.greenroom.catalog.store.ScanRequest;
import dev.greenroom.catalog.store.ScanResult;
import dev.greenroom.catalog.store.StoreException;
import dev.greenroom.catalog.store.WriteBatch;
import dev.greenroom.catalog.store.WriteResult;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.jgrapht.Graph;
import org.jgrapht.graph.DirectedPseudograph;
import org.jspecify.annotations.Nullable;

/**
 * An {@link EntityStore} held in memory, for tests, examples and small hosts.
 *
 * <p>Design: entities live in a {@link TreeMap} by ref (canonical order is the default scan order,
 * so paging by ref walks the map), with a map by uid. Emitted edges live twice: per emitter (what
 * {@link StitchState#edgesEmittedBy} reads) and in a jgrapht {@link DirectedPseudograph} whose
 * vertices are refs (also of entities that do not exist) and whose edges carry type and emitter, so
 * that an edge emitted by two entities appears twice and survives the delete of one. Each
 * entity's search rows are kept grouped by key ({@link EntityFilters#indexOf}), and an inverted
 * index key → value → refs ({@link Postings}) narrows equality, {@code $in}, {@code $exists} and
 * prefix filters to candidates before {@link EntityFilters#matches} confirms them, so an equality
 * filter on any key does not visit every entity.
 *
 * <p>Writes go through {@link Stitcher#apply} under the write lock; every mutation of a batch
 * pushes its inverse onto an undo log, which is replayed backwards when the batch fails, so a
 * failed batch leaves nothing behind. Reads take the read lock and see the last completed write.
 *
 * <p>Scans sort in memory; with a sort field, a page costs one pass over the matching entities
 * plus a bounded heap of {@code offset + limit} rows, not a full sort.
 */
public final class MemoryEntityStore implements EntityStore {

  /** What the store keeps per entity. */
  private record Stored(Entity entity, List<SearchRow> rows, Map<String, List<String>> index) {}

  /** One emitted edge in the graph; distinct per emitter. */
  private record GraphEdge(EntityRef emitter, RelationEdge edge) {}

  /** A matching entity with its sort values, one per sort field (null when it has none). */
  private record Hit(EntityRef ref, String refKey, @Nullable String[] sortValues) {}

  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private final NavigableMap<EntityRef, Stored> entities = new TreeMap<>();
  private final Map<String, EntityRef> byUid = new HashMap<>();
  private final Map<EntityRef, List<RelationEdge>> emitted = new HashMap<>();
  private final java.util.LinkedHashSet<EntityRef> deferred = new java.util.LinkedHashSet<>();
  private final Graph<EntityRef, GraphEdge> graph = new DirectedPseudograph<>(null, null, false);
  private final Postings postings = new Postings();
  private boolean closed;

  /** An empty store. */
  public MemoryEntityStore() {}

  // ------------------------------------------------------------------------------------ writes

  /**
   * Applies the batch through {@link Stitcher}; on any failure, undoes what the batch had done.
   *
   * @throws StoreException if the batch fails (for example an entity whose search keys differ
   *     only in case); the cause is the original exception
   */
  @Override
  public WriteResult write(WriteBatch batch) {
    lock.writeLock().lock();
    try {
      ensureOpen();
      Transaction tx = new Transaction();
      try {
        return Stitcher.apply(batch, tx);
      } catch (RuntimeException | Error e) {
        tx.rollback();
        if (e instanceof StoreException se) {
          throw se;
        }
        if (e instanceof Error err) {
          throw err;
        }
        throw new StoreException(
            "Could not apply a batch of " + batch.size() + " operations: " + e.getMessage(), e);
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public WriteResult restitchDeferred(int limit) {
    lock.writeLock().lock();
    try {
      ensureOpen();
      Transaction tx = new Transaction();
      try {
        return Stitcher.restitchDeferred(limit, tx);
      } catch (RuntimeException | Error e) {
        tx.rollback();
        throw e;
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public long deferredCount() {
    return read(() -> (long) deferred.size());
  }

  /** The store's {@link StitchState}: mutates the live maps and logs how to undo each change. */
  private final class Transaction implements StitchState {
    private final Deque<Runnable> undo = new ArrayDeque<>();

    @Override
    public @Nullable Entity current(EntityRef ref) {
      Stored s = entities.get(ref);
      return s == null ? null : s.entity();
    }

    @Override
    public List<RelationEdge> edgesEmittedBy(EntityRef emitter) {
      return emitted.getOrDefault(emitter, List.of());
    }

    @Override
    public void replaceEmittedEdges(EntityRef emitter, List<RelationEdge> edges) {
      List<RelationEdge> old = emitted.getOrDefault(emitter, List.of());
      undo.push(() -> setEmitted(emitter, old));
      setEmitted(emitter, List.copyOf(edges));
    }

    @Override
    public List<Relation> relationsOf(EntityRef source) {
      return relationsFromGraph(source);
    }

    @Override
    public void putEntity(Entity finalEntity, List<SearchRow> rows, boolean isNew) {
      EntityRef ref = finalEntity.ref();
      Stored old = entities.get(ref);
      undo.push(() -> setStored(ref, old));
      setStored(ref, new Stored(finalEntity, List.copyOf(rows), EntityFilters.indexOf(rows)));
    }

    @Override
    public void deleteEntity(EntityRef ref) {
      Stored old = entities.get(ref);
      undo.push(() -> setStored(ref, old));
      setStored(ref, null);
    }

    @Override
    public void deferRestitch(EntityRef ref) {
      if (deferred.add(ref)) {
        undo.push(() -> deferred.remove(ref));
      }
    }

    @Override
    public void clearDeferred(EntityRef ref) {
      if (deferred.remove(ref)) {
        undo.push(() -> deferred.add(ref));
      }
    }

    @Override
    public List<EntityRef> deferred(int limit) {
      return deferred.stream().limit(limit).toList();
    }

    void rollback() {
      while (!undo.isEmpty()) {
        undo.pop().run();
      }
    }
  }

  private void setEmitted(EntityRef emitter, List<RelationEdge> edges) {
    List<RelationEdge> old = emitted.remove(emitter);
    if (old != null) {
      for (RelationEdge e : old) {
        graph.removeEdge(new GraphEdge(emitter, e));
        pruneVertex(e.source());
        pruneVertex(e.target());
      }
    }
    if (!edges.isEmpty()) {
      emitted.put(emitter, edges);
      for (RelationEdge e : edges) {
        graph.addVertex(e.source());
        graph.addVertex(e.target());
        graph.addEdge(e.source(), e.target(), new GraphEdge(emitter, e));
      }
    }
  }

  private void pruneVertex(EntityRef v) {
    if (graph.containsVertex(v) && graph.degreeOf(v) == 0) {
      graph.removeVertex(v);
    }
  }

  private void setStored(EntityRef ref, @Nullable Stored s) {
    Stored old = s == null ? entities.remove(ref) : entities.put(ref, s);
    if (old != null) {
      postings.remove(ref, old.index());
      String uid = old.entity().metadata().uid();
      if (uid != null) {
        byUid.remove(uid, ref);
      }
    }
    if (s != null) {
      postings.add(ref, s.index());
      String uid = s.entity().metadata().uid();
      if (uid != null) {
        byUid.put(uid, ref);
      }
    }
  }

  private List<Relation> relationsFromGraph(EntityRef source) {
    if (!graph.containsVertex(source)) {
      return List.of();
    }
    Set<Relation> out = new TreeSet<>();
    for (GraphEdge e : graph.outgoingEdgesOf(source)) {
      out.add(e.edge().asRelation());
    }
    return List.copyOf(out);
  }

  // ------------------------------------------------------------------------------------- reads

  /** {@inheritDoc} */
  @Override
  public Optional<Entity> get(EntityRef ref) {
    return read(
        () -> {
          Stored s = entities.get(ref);
          return s == null ? Optional.empty() : Optional.of(s.entity());
        });
  }

  /** {@inheritDoc} The uid is compared exactly. */
  @Override
  public Optional<Entity> getByUid(String uid) {
    return read(
        () -> {
          EntityRef ref = byUid.get(uid);
          Stored s = ref == null ? null : entities.get(ref);
          return s == null ? Optional.empty() : Optional.of(s.entity());
        });
  }

  /** {@inheritDoc} */
  @Override
  public List<@Nullable Entity> getAll(List<EntityRef> refs) {
    return read(
        () -> {
          List<@Nullable Entity> out = new ArrayList<>(refs.size());
          for (EntityRef r : refs) {
            Stored s = entities.get(r);
            out.add(s == null ? null : s.entity());
          }
          return Collections.unmodifiableList(out);
        });
  }

  /**
   * {@inheritDoc}
   *
   * <p>A full-text filter with a blank term filters nothing; one with no fields matches nothing.
   */
  @Override
  public ScanResult scan(ScanRequest request) {
    return read(() -> doScan(request));
  }

  /** {@inheritDoc} */
  @Override
  public long count(ScanRequest request) {
    return read(
        () -> {
          long n = 0;
          boolean require = request.requireSortValue() && !request.sort().isEmpty();
          String firstField = request.sort().isEmpty() ? null : request.sort().get(0).field();
          for (EntityRef ref : matching(request.filter())) {
            Stored s = entities.get(ref);
            if (s != null
                && fullTextMatches(request.fullText(), s)
                && (!require || sortValue(s, firstField) != null)) {
              n++;
            }
          }
          return n;
        });
  }

  /**
   * {@inheritDoc}
   *
   * <p>Every requested key has an entry; values are ordered by {@link String#compareTo} (code
   * points, like the SQL {@code C} collation).
   */
  @Override
  public Map<String, List<FacetCount>> facets(
      Collection<String> facetKeys, EntityPredicate filter) {
    return read(
        () -> {
          Map<String, TreeMap<String, Long>> counts = new LinkedHashMap<>();
          Map<String, String> normalized = new LinkedHashMap<>();
          for (String key : facetKeys) {
            counts.put(key, new TreeMap<>());
            normalized.put(key, SearchIndex.normalize(key));
          }
          for (EntityRef ref : matching(filter)) {
            Stored s = entities.get(ref);
            if (s == null) {
              continue;
            }
            for (SearchRow row : s.rows()) {
              if (row.originalValue() == null) {
                continue;
              }
              for (Map.Entry<String, String> k : normalized.entrySet()) {
                if (k.getValue().equals(row.key())) {
                  counts.get(k.getKey()).merge(row.originalValue(), 1L, Long::sum);
                }
              }
            }
          }
          Map<String, List<FacetCount>> out = new LinkedHashMap<>();
          counts.forEach(
              (key, values) -> {
                List<FacetCount> list = new ArrayList<>(values.size());
                values.forEach((v, c) -> list.add(new FacetCount(v, c)));
                out.put(key, List.copyOf(list));
              });
          return Collections.unmodifiableMap(out);
        });
  }

  /**
   * {@inheritDoc}
   *
   * <p>Only edges whose source is a stored entity (its stitched relations), each once however many
   * entities emitted it; grouped by source in the order given, then by type and target.
   */
  @Override
  public List<RelationEdge> relationsFrom(Collection<EntityRef> sources) {
    return read(
        () -> {
          List<RelationEdge> out = new ArrayList<>();
          for (EntityRef source : new LinkedHashSet<>(sources)) {
            if (entities.containsKey(source)) {
              for (Relation r : relationsFromGraph(source)) {
                out.add(new RelationEdge(source, r.type(), r.targetRef()));
              }
            }
          }
          return List.copyOf(out);
        });
  }

  /**
   * {@inheritDoc}
   *
   * <p>Only edges whose source is a stored entity, each once; grouped by target in the order given,
   * then by source and type.
   */
  @Override
  public List<RelationEdge> relationsTo(Collection<EntityRef> targets) {
    return read(
        () -> {
          List<RelationEdge> out = new ArrayList<>();
          for (EntityRef target : new LinkedHashSet<>(targets)) {
            if (!graph.containsVertex(target)) {
              continue;
            }
            Set<RelationEdge> edges =
                new TreeSet<>(
                    Comparator.comparing(RelationEdge::source)
                        .thenComparing(RelationEdge::type)
                        .thenComparing(RelationEdge::target));
            for (GraphEdge e : graph.incomingEdgesOf(target)) {
              if (entities.containsKey(e.edge().source())) {
                edges.add(e.edge());
              }
            }
            out.addAll(edges);
          }
          return List.copyOf(out);
        });
  }

  /** {@inheritDoc} */
  @Override
  public long size() {
    return read(() -> (long) entities.size());
  }

  /** Drops every entity; later calls throw {@link StoreException}. */
  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      closed = true;
      entities.clear();
      byUid.clear();
      emitted.clear();
    } finally {
      lock.writeLock().unlock();
    }
  }

  private <T> T read(Supplier<T> body) {
    lock.readLock().lock();
    try {
      ensureOpen();
      return body.get();
    } finally {
      lock.readLock().unlock();
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new StoreException("The memory entity store is closed");
    }
  }

  // ------------------------------------------------------------------------------------ scans

  private ScanResult doScan(ScanRequest req) {
    List<SortField> sort = req.sort();
    ScanRequest.Keyset after = req.after();
    int want = (int) Math.min(Integer.MAX_VALUE, (long) req.offset() + req.limit());
    if (req.limit() == 0) {
      return new ScanResult(List.of(), List.of());
    }
    List<Hit> page;
    if (sort.isEmpty()) {
      page = scanByRef(req, after, want);
    } else {
      page = scanSorted(req, after, want);
    }
    List<Entity> out = new ArrayList<>();
    List<ScanRequest.Keyset> positions = new ArrayList<>();
    for (int i = req.offset(); i < page.size(); i++) {
      Hit h = page.get(i);
      out.add(entities.get(h.ref()).entity());
      positions.add(
          new ScanRequest.Keyset(h.sortValues().length == 0 ? null : h.sortValues()[0], h.refKey()));
    }
    return new ScanResult(out, positions);
  }

  /** No sort field: canonical ref order, walking the map from the keyset when that is cheaper. */
  private List<Hit> scanByRef(ScanRequest req, ScanRequest.@Nullable Keyset after, int want) {
    Collection<EntityRef> candidates = candidates(req.filter());
    List<Hit> out = new ArrayList<>();
    String afterRef = after == null ? null : after.ref();
    if (candidates == null || candidates.size() * 8L > entities.size()) {
      for (Map.Entry<EntityRef, Stored> e : tailAfter(afterRef).entrySet()) {
        String key = SearchIndex.refKey(e.getKey());
        if (afterRef != null && key.compareTo(afterRef) <= 0) {
          continue;
        }
        if (accepts(req, e.getValue())) {
          out.add(new Hit(e.getKey(), key, new String[0]));
          if (out.size() >= want) {
            break;
          }
        }
      }
      return out;
    }
    List<EntityRef> sorted = new ArrayList<>(candidates);
    Collections.sort(sorted);
    for (EntityRef ref : sorted) {
      String key = SearchIndex.refKey(ref);
      Stored s = entities.get(ref);
      if (s == null || (afterRef != null && key.compareTo(afterRef) <= 0)) {
        continue;
      }
      if (accepts(req, s)) {
        out.add(new Hit(ref, key, new String[0]));
        if (out.size() >= want) {
          break;
        }
      }
    }
    return out;
  }

  /** The entities after {@code afterRef} in canonical order (the map's order). */
  private NavigableMap<EntityRef, Stored> tailAfter(@Nullable String afterRef) {
    if (afterRef == null) {
      return entities;
    }
    try {
      return entities.tailMap(EntityRef.parse(afterRef), false);
    } catch (RuntimeException notARef) {
      return entities; // the caller skips by string comparison
    }
  }

  private List<Hit> scanSorted(ScanRequest req, ScanRequest.@Nullable Keyset after, int want) {
    List<SortField> sort = req.sort();
    if (sort.size() == 1) {
      Collection<EntityRef> candidates = candidates(req.filter());
      if (candidates == null || candidates.size() * 8L > entities.size()) {
        return scanByIndexedValue(req, sort.get(0), after, want);
      }
    }
    Comparator<Hit> order = order(sort);
    boolean firstDesc = sort.get(0).descending();
    List<Hit> hits = new ArrayList<>();
    for (EntityRef ref : matching(req.filter())) {
      Stored s = entities.get(ref);
      if (s == null || !fullTextMatches(req.fullText(), s)) {
        continue;
      }
      String[] values = new String[sort.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = sortValue(s, sort.get(i).field());
      }
      if (req.requireSortValue() && values[0] == null) {
        continue;
      }
      String key = SearchIndex.refKey(ref);
      if (after != null
          && comparePosition(values[0], key, after.sortValue(), after.ref(), firstDesc) <= 0) {
        continue;
      }
      hits.add(new Hit(ref, key, values));
    }
    if ((long) want * 4 >= hits.size()) {
      hits.sort(order);
      return hits.size() > want ? hits.subList(0, want) : hits;
    }
    // keep the `want` first rows in a max-heap of the order
    PriorityQueue<Hit> heap = new PriorityQueue<>(want + 1, order.reversed());
    for (Hit h : hits) {
      heap.add(h);
      if (heap.size() > want) {
        heap.poll();
      }
    }
    List<Hit> top = new ArrayList<>(heap);
    top.sort(order);
    return top;
  }

  /**
   * One sort field over a filter that keeps many entities: walk the inverted index of the field in
   * value order and stop after {@code want} rows, instead of sorting every match. An entity is
   * taken at its own sort value (its smallest); entities without one follow in ref order.
   */
  private List<Hit> scanByIndexedValue(
      ScanRequest req, SortField field, ScanRequest.@Nullable Keyset after, int want) {
    boolean desc = field.descending();
    List<Hit> out = new ArrayList<>();
    NavigableMap<String, Object> values = postings.values(field.field());
    boolean afterInNulls = after != null && after.sortValue() == null;
    if (!afterInNulls) {
      NavigableMap<String, Object> range = desc ? values.descendingMap() : values;
      if (after != null) {
        range = range.tailMap(after.sortValue(), true);
      }
      for (Map.Entry<String, Object> e : range.entrySet()) {
        String value = e.getKey();
        List<EntityRef> refs = new ArrayList<>();
        Postings.addAll(e.getValue(), refs);
        refs.sort(desc ? Comparator.reverseOrder() : Comparator.naturalOrder());
        for (EntityRef ref : refs) {
          String key = SearchIndex.refKey(ref);
          if (after != null && comparePosition(value, key, after.sortValue(), after.ref(), desc) <= 0) {
            continue;
          }
          Stored s = entities.get(ref);
          if (s == null || !value.equals(sortValue(s, field.field())) || !accepts(req, s)) {
            continue;
          }
          out.add(new Hit(ref, key, new String[] {value}));
          if (out.size() >= want) {
            return out;
          }
        }
      }
    }
    if (req.requireSortValue()) {
      return out;
    }
    // entities without a value, last, by ref in the direction of the sort
    NavigableMap<EntityRef, Stored> rest = desc ? entities.descendingMap() : entities;
    for (Map.Entry<EntityRef, Stored> e : rest.entrySet()) {
      String key = SearchIndex.refKey(e.getKey());
      if (afterInNulls && (desc ? key.compareTo(after.ref()) >= 0 : key.compareTo(after.ref()) <= 0)) {
        continue;
      }
      Stored s = e.getValue();
      if (sortValue(s, field.field()) == null && accepts(req, s)) {
        out.add(new Hit(e.getKey(), key, new String[] {null}));
        if (out.size() >= want) {
          return out;
        }
      }
    }
    return out;
  }

  private static Comparator<Hit> order(List<SortField> sort) {
    boolean firstDesc = sort.get(0).descending();
    return (a, b) -> {
      for (int i = 0; i < sort.size(); i++) {
        int c = compareValues(a.sortValues()[i], b.sortValues()[i], sort.get(i).descending());
        if (c != 0) {
          return c;
        }
      }
      int c = a.refKey().compareTo(b.refKey());
      return firstDesc ? -c : c;
    };
  }

  /** Missing values last in either direction. */
  private static int compareValues(@Nullable String x, @Nullable String y, boolean descending) {
    if (x == null || y == null) {
      return x == null ? (y == null ? 0 : 1) : -1;
    }
    int c = x.compareTo(y);
    return descending ? -c : c;
  }

  private static int comparePosition(
      @Nullable String value,
      String ref,
      @Nullable String afterValue,
      String afterRef,
      boolean descending) {
    int c = compareValues(value, afterValue, descending);
    if (c != 0) {
      return c;
    }
    c = ref.compareTo(afterRef);
    return descending ? -c : c;
  }

  private boolean accepts(ScanRequest req, Stored s) {
    return EntityFilters.matches(req.filter(), s.index()) && fullTextMatches(req.fullText(), s);
  }

  /** The smallest non-null value of the field, or null. */
  private static @Nullable String sortValue(Stored s, @Nullable String field) {
    if (field == null) {
      return null;
    }
    List<String> values = s.index().get(field);
    if (values == null) {
      return null;
    }
    String min = null;
    for (String v : values) {
      if (v != null && (min == null || v.compareTo(min) < 0)) {
        min = v;
      }
    }
    return min;
  }

  private static boolean fullTextMatches(@Nullable FullTextFilter ft, Stored s) {
    if (ft == null || ft.term().isEmpty()) {
      return true;
    }
    for (String field : ft.fields()) {
      List<String> values = s.index().get(field);
      if (values != null) {
        for (String v : values) {
          if (v != null && v.contains(ft.term())) {
            return true;
          }
        }
      }
    }
    return false;
  }

  // --------------------------------------------------------------------------------- filtering

  /** The refs matching {@code filter}, in no particular order. */
  private Collection<EntityRef> matching(EntityPredicate filter) {
    Collection<EntityRef> candidates = candidates(filter);
    List<EntityRef> out = new ArrayList<>();
    if (candidates == null) {
      for (Map.Entry<EntityRef, Stored> e : entities.entrySet()) {
        if (EntityFilters.matches(filter, e.getValue().index())) {
          out.add(e.getKey());
        }
      }
      return out;
    }
    for (EntityRef ref : candidates) {
      Stored s = entities.get(ref);
      if (s != null && EntityFilters.matches(filter, s.index())) {
        out.add(ref);
      }
    }
    return out;
  }

  /**
   * A superset of the refs matching {@code p} taken from the inverted index, or null when the
   * index cannot narrow it ({@code $not}, {@code $exists: false}, an empty {@code $all}).
   */
  private @Nullable Collection<EntityRef> candidates(EntityPredicate p) {
    if (p instanceof EntityPredicate.All all) {
      Collection<EntityRef> best = null;
      for (EntityPredicate x : all.predicates()) {
        Collection<EntityRef> c = candidates(x);
        if (c != null && (best == null || c.size() < best.size())) {
          best = c;
        }
      }
      return best;
    }
    if (p instanceof EntityPredicate.Any any) {
      Set<EntityRef> union = new HashSet<>();
      for (EntityPredicate x : any.predicates()) {
        Collection<EntityRef> c = candidates(x);
        if (c == null) {
          return null;
        }
        union.addAll(c);
      }
      return union;
    }
    if (p instanceof EntityPredicate.Not) {
      return null;
    }
    EntityPredicate.Field f = (EntityPredicate.Field) p;
    EntityPredicate.ValueMatch m = f.match();
    if (m instanceof EntityPredicate.ValueMatch.Equals eq) {
      List<EntityRef> out = new ArrayList<>();
      postings.addEquals(f.key(), eq.value(), out);
      return out;
    }
    if (m instanceof EntityPredicate.ValueMatch.In in) {
      Set<EntityRef> out = new HashSet<>();
      for (String v : in.values()) {
        postings.addEquals(f.key(), v, out);
      }
      return out;
    }
    if (m instanceof EntityPredicate.ValueMatch.Exists ex) {
      return ex.exists() ? postings.holders(f.key()) : null;
    }
    String prefix = ((EntityPredicate.ValueMatch.HasPrefix) m).prefix();
    Set<EntityRef> out = new HashSet<>();
    postings.addPrefixed(f.key(), prefix, out);
    return out;
  }
}
