package dev.greenroom.catalog.processing.state.internal;

import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.processing.DeferredEntity;
import dev.greenroom.catalog.processing.EntityMutation;
import dev.greenroom.catalog.processing.state.RunOutcome;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The decisions of the processing state stores, made here once and executed by both: the memory
 * store on its maps, the JDBC store with one class per SQL operation (the way {@code Stitcher}
 * decides stitching for every {@code StitchState}). Each method is pure: it reads what the store
 * hands it (rows, references, lease owners, as the store holds them at that step of the
 * operation) and returns what to write. Writing an unprocessed entity is decided by {@link
 * LocationKeyRule}.
 *
 * <p>An operation runs, in the store's transaction:
 *
 * <ul>
 *   <li>{@code applyMutation}: {@link #planMutation} says which references of the source go and
 *       which entities are written in which order; the refs that lost their reference are
 *       deleted with what only they kept alive ({@link #eagerDeletion}); the entities are then
 *       written by the location-key rule and each accepted one that {@link
 *       MutationPlan#gainsReference gains} a reference is referenced from the source.
 *   <li>{@code complete}: {@link #admit} keeps the outcomes whose lease the engine still holds;
 *       a failed run keeps its cache for {@link #cacheTtlAfterFailure} more failures; a succeeded
 *       run writes its children by the location-key rule and {@link #replaceChildren replaces}
 *       the parent's references by the accepted ones.
 *   <li>Every operation queues for stitching the rows it processed or deleted and the rows whose
 *       orphan status {@link #orphanFlipped flipped}, except rows it inserted (they have no final
 *       entity yet).
 *   <li>{@code refreshNow} schedules the ref and its {@link #ancestors}.
 * </ul>
 */
public final class StatePlanner {
  private StatePlanner() {}

  // ------------------------------------------------------------------------------- providers

  /**
   * What a provider's mutation does to its source's references.
   *
   * @param emitted the entities to write by the location-key rule, in the order they were emitted
   * @param removals the refs whose reference from the source is removed (then eagerly deleted)
   * @param current the refs the source referenced before, as far as the store was asked ({@link
   *     #named})
   */
  public record MutationPlan(
      List<DeferredEntity> emitted, Set<EntityRef> removals, Set<EntityRef> current) {
    public MutationPlan {
      emitted = List.copyOf(emitted);
      removals = java.util.Collections.unmodifiableSet(removals);
      current = java.util.Collections.unmodifiableSet(current);
    }

    /**
     * Whether {@code accepted}, written or unchanged by the location-key rule, gets a new
     * reference from the source: it had none, or its old one was removed by this mutation.
     */
    public boolean gainsReference(EntityRef accepted) {
      return !current.contains(accepted) || removals.contains(accepted);
    }
  }

  /**
   * The refs of {@code mutation} whose reference from the source and whose row {@link
   * #planMutation} reads: for a delta, those it removes and adds; for a full mutation, those it
   * lists (the plan also needs every ref the source references, which a full mutation replaces).
   */
  public static Set<EntityRef> named(EntityMutation mutation) {
    Set<EntityRef> out = new LinkedHashSet<>();
    if (mutation instanceof EntityMutation.Full full) {
      full.entities().forEach(d -> out.add(d.entity().ref()));
    } else if (mutation instanceof EntityMutation.Delta delta) {
      delta.removed().forEach(r -> out.add(r.ref()));
      delta.added().forEach(d -> out.add(d.entity().ref()));
    } else {
      throw new IllegalArgumentException("unknown mutation " + mutation);
    }
    return out;
  }

  /**
   * Plans a provider's mutation under one source key.
   *
   * <p>{@code Full}: every ref the source references and the mutation does not list is removed.
   * {@code Delta}: a removal removes the reference when the source holds it and the removal's key
   * is null or equals the row's. Both: a listed ref the source holds under another location key is
   * removed too, and added afresh (so that the eager deletion and the location-key rule treat it
   * as new, never as a silent key change).
   *
   * @param current the refs the source references: all of them for a full mutation, at least
   *     those {@link #named} for a delta
   * @param rows the stored row of a ref, or null (asked for {@link #named} refs only)
   */
  public static MutationPlan planMutation(
      EntityMutation mutation,
      Set<EntityRef> current,
      Function<EntityRef, LocationKeyRule.@Nullable Held> rows) {
    List<DeferredEntity> emitted;
    Map<EntityRef, DeferredEntity> adds = new LinkedHashMap<>();
    Set<EntityRef> removals = new LinkedHashSet<>();
    if (mutation instanceof EntityMutation.Full full) {
      emitted = full.entities();
      full.entities().forEach(d -> adds.putIfAbsent(d.entity().ref(), d));
      for (EntityRef r : current) {
        if (!adds.containsKey(r)) {
          removals.add(r);
        }
      }
    } else if (mutation instanceof EntityMutation.Delta delta) {
      for (EntityMutation.Removal rm : delta.removed()) {
        LocationKeyRule.Held row = rows.apply(rm.ref());
        if (current.contains(rm.ref())
            && row != null
            && (rm.locationKey() == null || rm.locationKey().equals(row.locationKey()))) {
          removals.add(rm.ref());
        }
      }
      emitted = delta.added();
      delta.added().forEach(d -> adds.putIfAbsent(d.entity().ref(), d));
    } else {
      throw new IllegalArgumentException("unknown mutation " + mutation);
    }
    // the first of a ref in emission order is the one the location-key rule can keep
    for (DeferredEntity d : adds.values()) {
      EntityRef r = d.entity().ref();
      LocationKeyRule.Held row = rows.apply(r);
      if (current.contains(r)
          && !removals.contains(r)
          && row != null
          && !Objects.equals(row.locationKey(), d.locationKey())) {
        removals.add(r);
      }
    }
    return new MutationPlan(emitted, removals, current);
  }

  // -------------------------------------------------------------------------------- completion

  /**
   * Which outcomes {@code complete} applies.
   *
   * @param applied the outcomes whose row {@code owner} still leases, first of each ref only
   * @param skipped the refs of the others, in order (the lease expired and another engine took
   *     the row, the row was deleted, or the ref came twice)
   */
  public record Admission(List<RunOutcome> applied, List<EntityRef> skipped) {
    public Admission {
      applied = List.copyOf(applied);
      skipped = List.copyOf(skipped);
    }
  }

  /**
   * Admits the outcomes whose row is leased by {@code owner}: an outcome is applied once and
   * releases the lease, so a second outcome for the same ref in one call is skipped.
   *
   * @param leaseOwner the lease owner of a row, or null when the row is free or gone
   */
  public static Admission admit(
      String owner, List<RunOutcome> outcomes, Function<EntityRef, @Nullable String> leaseOwner) {
    List<RunOutcome> applied = new ArrayList<>();
    List<EntityRef> skipped = new ArrayList<>();
    Set<EntityRef> seen = new HashSet<>();
    for (RunOutcome o : outcomes) {
      if (owner.equals(leaseOwner.apply(o.ref())) && seen.add(o.ref())) {
        applied.add(o);
      } else {
        skipped.add(o.ref());
      }
    }
    return new Admission(applied, skipped);
  }

  /**
   * The processors' cache after a failed run: its time to live counts down by one; at zero the
   * cache is dropped. A row without a cache keeps none (0).
   *
   * @return the new time to live; 0 means the cache is dropped
   */
  public static int cacheTtlAfterFailure(boolean hasCache, int ttl) {
    return hasCache && ttl > 1 ? ttl - 1 : 0;
  }

  /**
   * How a succeeded run changes its parent's references.
   *
   * @param removed children referenced before and not accepted now
   * @param added children accepted now and not referenced before
   */
  public record ChildReferences(EntityRef parent, List<EntityRef> removed, List<EntityRef> added) {
    public ChildReferences {
      removed = List.copyOf(removed);
      added = List.copyOf(added);
    }
  }

  /**
   * Replaces {@code parent}'s references: the children it referenced before ({@code old}) by the
   * ones its run emitted and the location-key rule accepted ({@code accepted}: written or
   * unchanged). A conflicting child is not referenced, so a child taken over by another source
   * loses this parent's reference.
   */
  public static ChildReferences replaceChildren(
      EntityRef parent, Collection<EntityRef> old, Collection<EntityRef> accepted) {
    Set<EntityRef> kept = new LinkedHashSet<>(accepted);
    Set<EntityRef> before = new LinkedHashSet<>(old);
    List<EntityRef> removed = new ArrayList<>();
    for (EntityRef c : before) {
      if (!kept.contains(c)) {
        removed.add(c);
      }
    }
    List<EntityRef> added = new ArrayList<>();
    for (EntityRef c : kept) {
      if (!before.contains(c)) {
        added.add(c);
      }
    }
    return new ChildReferences(parent, removed, added);
  }

  /**
   * Whether a row's orphan status flipped: it had no incoming reference and has one now, or the
   * reverse. Such a row is stitched again (its final entity gains or loses the orphan
   * annotation), unless the operation inserted it.
   */
  public static boolean orphanFlipped(int incomingBefore, int incomingAfter) {
    return (incomingBefore == 0) != (incomingAfter == 0);
  }

  // ------------------------------------------------------------------------------ refreshNow

  /**
   * {@code ref} and its ancestors up to {@link StateSupport#MAX_ANCESTOR_DEPTH} levels up, each
   * once, nearest first.
   *
   * @param parents the parents of each ref of one level (in any order); called once per level
   */
  public static Set<EntityRef> ancestors(
      EntityRef ref, Function<List<EntityRef>, Collection<EntityRef>> parents) {
    Set<EntityRef> all = new LinkedHashSet<>();
    all.add(ref);
    List<EntityRef> level = List.of(ref);
    for (int depth = 0; depth < StateSupport.MAX_ANCESTOR_DEPTH && !level.isEmpty(); depth++) {
      List<EntityRef> next = new ArrayList<>();
      for (EntityRef p : parents.apply(level)) {
        if (all.add(p)) {
          next.add(p);
        }
      }
      level = next;
    }
    return all;
  }

  // ---------------------------------------------------------------------------------- deletion

  /** Who references a row: whether any source key does, and which parents. */
  public record Incoming(boolean fromSource, Set<EntityRef> parents) {}

  /**
   * The rows an eager deletion removes, as Backstage's {@code deleteWithEagerPruningOfChildren}
   * decides: every descendant of {@code roots} (roots included), except those still referenced by
   * a source key or by a parent outside that set, and everything those keep alive.
   *
   * @param roots rows that just lost a reference
   * @param children the children of each ref asked (a missing key means none); called once per
   *     level of the walk
   * @param incoming who references each ref asked (after the lost references are gone)
   */
  public static Set<EntityRef> eagerDeletion(
      Collection<EntityRef> roots,
      Function<Set<EntityRef>, Map<EntityRef, Set<EntityRef>>> children,
      Function<Set<EntityRef>, Map<EntityRef, Incoming>> incoming) {
    Set<EntityRef> all = new LinkedHashSet<>(roots);
    Map<EntityRef, Set<EntityRef>> edges = new HashMap<>();
    Set<EntityRef> level = new LinkedHashSet<>(roots);
    while (!level.isEmpty()) {
      Map<EntityRef, Set<EntityRef>> found = children.apply(level);
      Set<EntityRef> next = new LinkedHashSet<>();
      for (EntityRef r : level) {
        Set<EntityRef> cs = found.getOrDefault(r, Set.of());
        edges.put(r, cs);
        for (EntityRef c : cs) {
          if (all.add(c)) {
            next.add(c);
          }
        }
      }
      level = next;
    }
    Map<EntityRef, Incoming> in = incoming.apply(all);
    Deque<EntityRef> alive = new ArrayDeque<>();
    Set<EntityRef> kept = new HashSet<>();
    for (EntityRef r : all) {
      Incoming i = in.get(r);
      if (i == null) {
        continue;
      }
      boolean keep = i.fromSource();
      if (!keep) {
        for (EntityRef p : i.parents()) {
          if (!all.contains(p)) {
            keep = true;
            break;
          }
        }
      }
      if (keep && kept.add(r)) {
        alive.add(r);
      }
    }
    while (!alive.isEmpty()) {
      for (EntityRef c : edges.getOrDefault(alive.poll(), Set.of())) {
        if (kept.add(c)) {
          alive.add(c);
        }
      }
    }
    all.removeAll(kept);
    return all;
  }
}
