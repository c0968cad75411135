package dev.greenroom.catalog.processing.state;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.model.RelationEdge;
import dev.greenroom.catalog.processing.DeferredEntity;
import dev.greenroom.catalog.processing.EntityMutation;
import dev.greenroom.catalog.processing.ProcessingError;
import dev.greenroom.catalog.processing.state.internal.LocationKeyRule;
import dev.greenroom.catalog.processing.state.internal.StatePlanner;
import dev.greenroom.catalog.processing.state.internal.StateSupport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * A {@link ProcessingStateStore} in memory, for tests and hosts that keep nothing across restarts.
 *
 * <p><b>Design.</b> One lock guards plain maps: rows by ref; a {@link TreeSet} of rows ordered by
 * {@code (nextUpdateAt, ref)} that {@link #claim} walks from its head; references indexed both
 * ways (source key to targets, target to source keys, parent to children, child to parents); refresh
 * keys to rows; the set of orphans (rows nothing references), kept up to date as references change;
 * the stitch queue as an insertion-ordered map (a re-queued ref keeps its place and gets a new
 * ticket). Every operation touches only the rows it names and their neighbours. Each operation
 * records the rows whose incoming references changed and, at its end, queues for stitching those
 * whose orphan status flipped (rows inserted by the operation itself have no final entity yet and
 * are not queued). The decisions (which references a mutation removes, which outcomes a completion
 * applies, how a parent's references are replaced, what an eager deletion removes) are {@link
 * StatePlanner}'s and {@link LocationKeyRule}'s, which the JDBC store executes as well.
 */
public final class MemoryProcessingState implements ProcessingStateStore {

  private static final Comparator<Row> BY_DUE =
      Comparator.<Row, Instant>comparing(r -> r.nextUpdateAt).thenComparing(r -> r.key);

  private final ReentrantLock lock = new ReentrantLock();
  private final Map<EntityRef, Row> rows = new HashMap<>();
  private final TreeSet<Row> schedule = new TreeSet<>(BY_DUE);
  private final Map<String, Set<EntityRef>> sourceTargets = new HashMap<>();
  private final Map<EntityRef, Set<String>> sourcesOf = new HashMap<>();
  private final Map<EntityRef, Set<EntityRef>> children = new HashMap<>();
  private final Map<EntityRef, Set<EntityRef>> parents = new HashMap<>();
  private final Map<String, Set<EntityRef>> byRefreshKey = new HashMap<>();
  private final Set<EntityRef> orphans = new LinkedHashSet<>();
  private final LinkedHashMap<EntityRef, Ticket> stitchQueue = new LinkedHashMap<>();
  private final LinkedHashMap<String, RegisteredLocation> locations = new LinkedHashMap<>();
  private long nextTicket;

  /** Rows whose incoming references changed in the running operation. */
  private final Set<EntityRef> touched = new HashSet<>();

  /** Rows the running operation inserted. */
  private final Set<EntityRef> inserted = new HashSet<>();

  /** An empty store. */
  public MemoryProcessingState() {}

  // ------------------------------------------------------------------------------- providers

  @Override
  public MutationOutcome applyMutation(String sourceKey, EntityMutation mutation, Instant now) {
    Objects.requireNonNull(sourceKey, "sourceKey");
    Instant at = StateSupport.time(now);
    lock.lock();
    try {
      Set<EntityRef> current = new HashSet<>(sourceTargets.getOrDefault(sourceKey, Set.of()));
      StatePlanner.MutationPlan plan = StatePlanner.planMutation(mutation, current, rows::get);
      Set<EntityRef> removals = plan.removals();
      for (EntityRef r : removals) {
        removeSourceRef(sourceKey, r);
      }
      Set<EntityRef> deleted = eagerDelete(removals);
      List<Conflict> conflicts =
          LocationKeyRule.writeAll(
              plan.emitted(),
              unprocessedRows(at),
              r -> {
                if (plan.gainsReference(r)) {
                  addSourceRef(sourceKey, r);
                }
              });
      settle();
      List<EntityRef> gone = new ArrayList<>();
      for (EntityRef r : deleted) {
        if (!rows.containsKey(r)) {
          gone.add(r);
        }
      }
      gone.sort(null);
      return new MutationOutcome(conflicts, gone);
    } finally {
      endOperation();
      lock.unlock();
    }
  }

  @Override
  public List<String> sourceKeys() {
    lock.lock();
    try {
      return new ArrayList<>(new TreeSet<>(sourceTargets.keySet()));
    } finally {
      lock.unlock();
    }
  }

  // ------------------------------------------------------------------------------ processing

  @Override
  public List<ClaimedEntity> claim(
      String owner, int limit, Instant now, Duration lease, Supplier<Duration> nextInterval) {
    Instant at = StateSupport.time(now);
    Instant until = StateSupport.time(at.plus(lease));
    lock.lock();
    try {
      List<Row> due = new ArrayList<>();
      for (Row row : schedule) {
        if (due.size() >= limit || row.nextUpdateAt.isAfter(at)) {
          break;
        }
        if (row.leaseUntil == null || !row.leaseUntil.isAfter(at)) {
          due.add(row);
        }
      }
      List<ClaimedEntity> out = new ArrayList<>(due.size());
      for (Row row : due) {
        schedule.remove(row);
        row.nextUpdateAt = StateSupport.time(at.plus(nextInterval.get()));
        schedule.add(row);
        row.leaseOwner = owner;
        row.leaseUntil = until;
        out.add(
            new ClaimedEntity(
                row.ref,
                row.entityId,
                row.unprocessed,
                row.resultHash,
                row.locationKey,
                row.cache.deepCopy()));
      }
      return out;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public CompletionOutcome complete(String owner, List<RunOutcome> outcomes, Instant now) {
    Instant at = StateSupport.time(now);
    lock.lock();
    try {
      StatePlanner.Admission admitted =
          StatePlanner.admit(
              owner,
              outcomes,
              ref -> {
                Row row = rows.get(ref);
                return row == null ? null : row.leaseOwner;
              });
      List<Conflict> conflicts = new ArrayList<>();
      for (RunOutcome o : admitted.applied()) {
        Row row = rows.get(o.ref());
        row.leaseOwner = null;
        row.leaseUntil = null;
        if (o instanceof RunOutcome.Failed f) {
          row.errors = f.errors();
          row.resultHash = f.resultHash();
          row.cacheTtl = StatePlanner.cacheTtlAfterFailure(!row.cache.isEmpty(), row.cacheTtl);
          if (row.cacheTtl == 0) {
            row.cache = Json.object();
          }
          queueStitch(row.ref);
        } else if (o instanceof RunOutcome.Succeeded s) {
          row.processed = s.processed();
          row.relations = s.relations();
          row.errors = List.of();
          row.resultHash = s.resultHash();
          ObjectNode cache = s.cache();
          if (cache != null) {
            row.cache = cache.deepCopy();
            row.cacheTtl = StateSupport.CACHE_TTL;
          }
          setRefreshKeys(row, StateSupport.refreshKeys(s.refreshKeys()));
          Set<EntityRef> accepted = new LinkedHashSet<>();
          conflicts.addAll(
              LocationKeyRule.writeAll(s.children(), unprocessedRows(at), accepted::add));
          StatePlanner.ChildReferences change =
              StatePlanner.replaceChildren(
                  row.ref, children.getOrDefault(row.ref, Set.of()), accepted);
          change.removed().forEach(c -> removeParentRef(row.ref, c));
          change.added().forEach(c -> addParentRef(row.ref, c));
          queueStitch(row.ref);
        }
      }
      List<EntityRef> skipped = admitted.skipped();
      settle();
      return new CompletionOutcome(conflicts, skipped);
    } finally {
      endOperation();
      lock.unlock();
    }
  }

  @Override
  public boolean refreshNow(EntityRef ref, Instant now) {
    Instant at = StateSupport.time(now);
    lock.lock();
    try {
      if (!rows.containsKey(ref)) {
        return false;
      }
      Set<EntityRef> all =
          StatePlanner.ancestors(
              ref,
              level -> {
                List<EntityRef> ps = new ArrayList<>();
                for (EntityRef r : level) {
                  ps.addAll(parents.getOrDefault(r, Set.of()));
                }
                return ps;
              });
      for (EntityRef r : all) {
        Row row = rows.get(r);
        if (row != null) {
          reschedule(row, at);
        }
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public int refreshKeyPrefixes(Collection<String> prefixes, Instant now) {
    List<String> wanted = StateSupport.refreshKeyPrefixes(prefixes);
    Instant at = StateSupport.time(now);
    lock.lock();
    try {
      Set<EntityRef> hit = new HashSet<>();
      for (Map.Entry<String, Set<EntityRef>> e : byRefreshKey.entrySet()) {
        String key = e.getKey().toLowerCase(java.util.Locale.ROOT);
        for (String p : wanted) {
          if (key.startsWith(p)) {
            hit.addAll(e.getValue());
            break;
          }
        }
      }
      for (EntityRef r : hit) {
        reschedule(rows.get(r), at);
      }
      return hit.size();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public int refreshKeys(Collection<String> keys, Instant now) {
    Instant at = StateSupport.time(now);
    lock.lock();
    try {
      Set<EntityRef> hit = new HashSet<>();
      for (String k : keys) {
        hit.addAll(byRefreshKey.getOrDefault(StateSupport.refreshKey(k), Set.of()));
      }
      for (EntityRef r : hit) {
        reschedule(rows.get(r), at);
      }
      return hit.size();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public long dueCount(Instant now) {
    Instant at = StateSupport.time(now);
    lock.lock();
    try {
      long n = 0;
      for (Row row : schedule) {
        if (row.nextUpdateAt.isAfter(at)) {
          break;
        }
        n++;
      }
      return n;
    } finally {
      lock.unlock();
    }
  }

  // ------------------------------------------------------------------------------- stitching

  @Override
  public List<StitchInput> claimStitches(String owner, int limit, Instant now, Duration lease) {
    Instant at = StateSupport.time(now);
    Instant until = StateSupport.time(at.plus(lease));
    lock.lock();
    try {
      List<StitchInput> out = new ArrayList<>();
      for (Map.Entry<EntityRef, Ticket> e : stitchQueue.entrySet()) {
        if (out.size() >= limit) {
          break;
        }
        Ticket t = e.getValue();
        if (t.leaseUntil != null && t.leaseUntil.isAfter(at)) {
          continue;
        }
        t.leaseOwner = owner;
        t.leaseUntil = until;
        out.add(stitchInput(e.getKey(), t.ticket));
      }
      return out;
    } finally {
      lock.unlock();
    }
  }

  private StitchInput stitchInput(EntityRef ref, String ticket) {
    Row row = rows.get(ref);
    if (row == null) {
      return new StitchInput(ref, ticket, false, null, null, List.of(), true, List.of());
    }
    return new StitchInput(
        row.ref,
        ticket,
        true,
        row.entityId,
        row.processed,
        row.errors,
        incoming(ref) == 0,
        row.relations);
  }

  @Override
  public void finishStitches(String owner, Collection<StitchInput> done) {
    lock.lock();
    try {
      for (StitchInput in : done) {
        Ticket t = stitchQueue.get(in.ref());
        if (t == null) {
          continue;
        }
        if (t.ticket.equals(in.ticket())) {
          stitchQueue.remove(in.ref());
        } else if (owner.equals(t.leaseOwner)) {
          t.leaseOwner = null;
          t.leaseUntil = null;
        }
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public long stitchQueueSize() {
    lock.lock();
    try {
      return stitchQueue.size();
    } finally {
      lock.unlock();
    }
  }

  // --------------------------------------------------------------------- orphans and deletion

  @Override
  public List<EntityRef> deleteOrphans(int limit, int maxRounds) {
    lock.lock();
    try {
      List<EntityRef> out = new ArrayList<>();
      for (int round = 0; round < maxRounds; round++) {
        List<EntityRef> batch = new ArrayList<>();
        for (EntityRef r : orphans) {
          if (batch.size() >= limit) {
            break;
          }
          batch.add(r);
        }
        if (batch.isEmpty()) {
          break;
        }
        for (EntityRef r : batch) {
          deleteRow(r);
        }
        out.addAll(batch);
        settle();
      }
      return out;
    } finally {
      endOperation();
      lock.unlock();
    }
  }

  @Override
  public boolean deleteEntity(EntityRef ref, Instant now) {
    Instant at = StateSupport.time(now);
    lock.lock();
    try {
      if (!rows.containsKey(ref)) {
        return false;
      }
      for (EntityRef p : parents.getOrDefault(ref, Set.of())) {
        Row parent = rows.get(p);
        parent.resultHash = StateSupport.CHILD_WAS_DELETED;
        reschedule(parent, at);
      }
      deleteRow(ref);
      settle();
      return true;
    } finally {
      endOperation();
      lock.unlock();
    }
  }

  // ----------------------------------------------------------------------------------- reads

  @Override
  public Optional<RefreshState> get(EntityRef ref) {
    lock.lock();
    try {
      Row row = rows.get(ref);
      if (row == null) {
        return Optional.empty();
      }
      return Optional.of(
          new RefreshState(
              row.ref,
              row.entityId,
              row.unprocessed,
              row.processed,
              row.resultHash,
              row.errors,
              row.locationKey,
              row.nextUpdateAt,
              row.refreshKeys,
              row.lastDiscoveryAt));
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Optional<RefreshState> getById(String entityId) {
    Objects.requireNonNull(entityId, "entityId");
    lock.lock();
    try {
      for (Row row : rows.values()) {
        if (row.entityId.equals(entityId)) {
          return Optional.of(snapshot(row));
        }
      }
      return Optional.empty();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<RefreshState> unprocessed(Unprocessed which, int limit) {
    Objects.requireNonNull(which, "which");
    if (limit <= 0) {
      throw new IllegalArgumentException("limit must be positive: " + limit);
    }
    lock.lock();
    try {
      List<RefreshState> out = new ArrayList<>();
      rows.values().stream()
          .filter(r -> r.processed == null
              && (which == Unprocessed.FAILED) == (r.resultHash != null))
          .sorted(java.util.Comparator.comparing(r -> r.key))
          .limit(limit)
          .forEach(r -> out.add(snapshot(r)));
      return out;
    } finally {
      lock.unlock();
    }
  }

  private static RefreshState snapshot(Row row) {
    return new RefreshState(
        row.ref,
        row.entityId,
        row.unprocessed,
        row.processed,
        row.resultHash,
        row.errors,
        row.locationKey,
        row.nextUpdateAt,
        row.refreshKeys,
        row.lastDiscoveryAt);
  }

  @Override
  public List<EntityRef> parentsOf(EntityRef ref) {
    lock.lock();
    try {
      return sorted(parents.getOrDefault(ref, Set.of()));
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<EntityRef> childrenOf(EntityRef ref) {
    lock.lock();
    try {
      return sorted(children.getOrDefault(ref, Set.of()));
    } finally {
      lock.unlock();
    }
  }

  @Override
  public long size() {
    lock.lock();
    try {
      return rows.size();
    } finally {
      lock.unlock();
    }
  }

  // ---------------------------------------------------------------------- registered locations

  @Override
  public RegisteredLocation addLocation(String type, String target) {
    lock.lock();
    try {
      for (RegisteredLocation l : locations.values()) {
        if (l.type().equals(type) && l.target().equals(target)) {
          throw new DuplicateLocationException(l);
        }
      }
      RegisteredLocation l = new RegisteredLocation(UUID.randomUUID().toString(), type, target);
      locations.put(l.id(), l);
      return l;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Optional<RegisteredLocation> location(String id) {
    lock.lock();
    try {
      return Optional.ofNullable(locations.get(id));
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<RegisteredLocation> locations() {
    lock.lock();
    try {
      return List.copyOf(locations.values());
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean removeLocation(String id) {
    lock.lock();
    try {
      return locations.remove(id) != null;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {}

  // --------------------------------------------------------------------------------- helpers

  /** This store's rows as the location-key rule writes them, new or changed rows due at {@code at}. */
  private LocationKeyRule.Rows unprocessedRows(Instant at) {
    return new LocationKeyRule.Rows() {
      @Override
      public LocationKeyRule.@Nullable Held held(EntityRef ref) {
        return rows.get(ref);
      }

      @Override
      public void insert(DeferredEntity d, String hash) {
        EntityRef ref = d.entity().ref();
        Row row = new Row(ref, UUID.randomUUID().toString(), d.entity(), hash, d.locationKey(), at);
        rows.put(ref, row);
        schedule.add(row);
        orphans.add(ref);
        inserted.add(ref);
        touched.add(ref);
      }

      @Override
      public void update(DeferredEntity d, String hash) {
        Row row = rows.get(d.entity().ref());
        row.unprocessed = d.entity();
        row.hash = hash;
        row.locationKey = d.locationKey();
        row.lastDiscoveryAt = at;
        reschedule(row, at);
      }
    };
  }

  private void reschedule(Row row, Instant at) {
    schedule.remove(row);
    row.nextUpdateAt = at;
    schedule.add(row);
  }

  private void setRefreshKeys(Row row, List<String> keys) {
    for (String k : row.refreshKeys) {
      Set<EntityRef> s = byRefreshKey.get(k);
      if (s != null) {
        s.remove(row.ref);
        if (s.isEmpty()) {
          byRefreshKey.remove(k);
        }
      }
    }
    row.refreshKeys = List.copyOf(keys);
    for (String k : row.refreshKeys) {
      byRefreshKey.computeIfAbsent(k, x -> new HashSet<>()).add(row.ref);
    }
  }

  private void addSourceRef(String source, EntityRef target) {
    if (sourceTargets.computeIfAbsent(source, k -> new HashSet<>()).add(target)) {
      sourcesOf.computeIfAbsent(target, k -> new HashSet<>()).add(source);
      touched.add(target);
    }
  }

  private void removeSourceRef(String source, EntityRef target) {
    if (removeFrom(sourceTargets, source, target)) {
      removeFrom(sourcesOf, target, source);
      touched.add(target);
    }
  }

  private void addParentRef(EntityRef parent, EntityRef child) {
    if (children.computeIfAbsent(parent, k -> new HashSet<>()).add(child)) {
      parents.computeIfAbsent(child, k -> new HashSet<>()).add(parent);
      touched.add(child);
    }
  }

  private void removeParentRef(EntityRef parent, EntityRef child) {
    if (removeFrom(children, parent, child)) {
      removeFrom(parents, child, parent);
      touched.add(child);
    }
  }

  private static <K, V> boolean removeFrom(Map<K, Set<V>> map, K key, V value) {
    Set<V> s = map.get(key);
    if (s == null || !s.remove(value)) {
      return false;
    }
    if (s.isEmpty()) {
      map.remove(key);
    }
    return true;
  }

  private int incoming(EntityRef ref) {
    return sourcesOf.getOrDefault(ref, Set.of()).size() + parents.getOrDefault(ref, Set.of()).size();
  }

  /** Deletes what losing references left unreferenced (see {@link StatePlanner#eagerDeletion}). */
  private Set<EntityRef> eagerDelete(Set<EntityRef> roots) {
    if (roots.isEmpty()) {
      return Set.of();
    }
    Set<EntityRef> doomed =
        StatePlanner.eagerDeletion(
            roots,
            level -> {
              Map<EntityRef, Set<EntityRef>> m = new HashMap<>();
              for (EntityRef r : level) {
                Set<EntityRef> cs = children.get(r);
                if (cs != null) {
                  m.put(r, new HashSet<>(cs));
                }
              }
              return m;
            },
            all -> {
              Map<EntityRef, StatePlanner.Incoming> m = new HashMap<>();
              for (EntityRef r : all) {
                m.put(
                    r,
                    new StatePlanner.Incoming(
                        !sourcesOf.getOrDefault(r, Set.of()).isEmpty(),
                        new HashSet<>(parents.getOrDefault(r, Set.of()))));
              }
              return m;
            });
    for (EntityRef r : doomed) {
      deleteRow(r);
    }
    return doomed;
  }

  /** Removes a row with every reference to and from it; queues it for stitching. */
  private void deleteRow(EntityRef ref) {
    Row row = rows.remove(ref);
    if (row == null) {
      return;
    }
    schedule.remove(row);
    orphans.remove(ref);
    inserted.remove(ref);
    Set<EntityRef> cs = children.remove(ref);
    if (cs != null) {
      for (EntityRef c : cs) {
        removeFrom(parents, c, ref);
        touched.add(c);
      }
    }
    Set<EntityRef> ps = parents.remove(ref);
    if (ps != null) {
      for (EntityRef p : ps) {
        removeFrom(children, p, ref);
      }
    }
    Set<String> ss = sourcesOf.remove(ref);
    if (ss != null) {
      for (String s : ss) {
        removeFrom(sourceTargets, s, ref);
      }
    }
    setRefreshKeys(row, List.of());
    queueStitch(ref);
  }

  /**
   * Queues for stitching every touched row whose orphan status {@link StatePlanner#orphanFlipped
   * flipped}.
   */
  private void settle() {
    for (EntityRef r : touched) {
      if (!rows.containsKey(r)) {
        continue;
      }
      // the orphan set holds the status before this operation; rows inserted by it start there
      int before = orphans.contains(r) ? 0 : 1;
      int now = incoming(r);
      if (now == 0) {
        orphans.add(r);
      } else {
        orphans.remove(r);
      }
      if (StatePlanner.orphanFlipped(before, now) && !inserted.contains(r)) {
        queueStitch(r);
      }
    }
    touched.clear();
  }

  private void endOperation() {
    touched.clear();
    inserted.clear();
  }

  private void queueStitch(EntityRef ref) {
    String ticket = Long.toString(++nextTicket);
    Ticket t = stitchQueue.get(ref);
    if (t == null) {
      stitchQueue.put(ref, new Ticket(ticket));
    } else {
      t.ticket = ticket;
    }
  }

  private static List<EntityRef> sorted(Collection<EntityRef> refs) {
    List<EntityRef> out = new ArrayList<>(refs);
    out.sort(null);
    return out;
  }

  /** One refresh-state row. */
  private static final class Row implements LocationKeyRule.Held {
    final EntityRef ref;
    final String key;
    final String entityId;
    Entity unprocessed;
    String hash;
    @Nullable Entity processed;
    @Nullable String resultHash;
    List<ProcessingError> errors = List.of();
    @Nullable String locationKey;
    Instant nextUpdateAt;
    Instant lastDiscoveryAt;
    @Nullable String leaseOwner;
    @Nullable Instant leaseUntil;
    ObjectNode cache = Json.object();
    int cacheTtl;
    List<String> refreshKeys = List.of();
    List<RelationEdge> relations = List.of();

    Row(
        EntityRef ref,
        String entityId,
        Entity unprocessed,
        String hash,
        @Nullable String locationKey,
        Instant nextUpdateAt) {
      this.ref = ref;
      this.key = ref.toString();
      this.entityId = entityId;
      this.unprocessed = unprocessed;
      this.hash = hash;
      this.locationKey = locationKey;
      this.nextUpdateAt = nextUpdateAt;
      this.lastDiscoveryAt = nextUpdateAt;
    }

    @Override
    public String unprocessedHash() {
      return hash;
    }

    @Override
    public @Nullable String locationKey() {
      return locationKey;
    }
  }

  /** A stitch-queue entry. */
  private static final class Ticket {
    String ticket;
    @Nullable String leaseOwner;
    @Nullable Instant leaseUntil;

    Ticket(String ticket) {
      this.ticket = ticket;
    }
  }
}
