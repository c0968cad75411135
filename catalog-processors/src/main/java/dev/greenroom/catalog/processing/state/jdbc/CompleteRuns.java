package dev.greenroom.catalog.processing.state.jdbc;

import static dev.greenroom.catalog.processing.state.jdbc.StateSql.key;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.processing.DeferredEntity;
import dev.greenroom.catalog.processing.state.CompletionOutcome;
import dev.greenroom.catalog.processing.state.Conflict;
import dev.greenroom.catalog.processing.state.RunOutcome;
import dev.greenroom.catalog.processing.state.internal.LocationKeyRule;
import dev.greenroom.catalog.processing.state.internal.StatePlanner;
import dev.greenroom.catalog.processing.state.internal.StateSupport;
import dev.greenroom.catalog.store.jdbc.InList;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * Stores the outcomes of processing runs, in the writers' transaction: the outcome rows are read
 * {@code FOR UPDATE} on PostgreSQL and {@link StatePlanner#admit admitted} by their lease; the
 * succeeded runs' children are written by the location-key rule and each parent's references
 * {@link StatePlanner#replaceChildren replaced}; the children whose orphan status flipped, and
 * every failed or succeeded row, are queued for stitching; the outcome rows are written and their
 * leases released.
 */
final class CompleteRuns {
  private CompleteRuns() {}

  /** The lease and cache of an outcome's row. */
  private record Lease(@Nullable String owner, int cacheTtl, boolean hasCache) {}

  static CompletionOutcome run(
      Handle h, boolean postgres, String owner, List<RunOutcome> outcomes, long at) {
    Set<String> refs = new LinkedHashSet<>();
    for (RunOutcome o : outcomes) {
      refs.add(key(o.ref()));
    }
    Map<String, Lease> leases = new HashMap<>();
    InList.chunks(
        refs,
        chunk ->
            InList.bind(
                    h.createQuery(
                        "SELECT entity_ref, lease_owner, cache_ttl,"
                            + " CASE WHEN cache IS NULL THEN 0 ELSE 1 END"
                            + " FROM gr_proc_refresh_state WHERE entity_ref IN ("
                            + InList.marks(chunk.size())
                            + ")"
                            + (postgres ? " FOR UPDATE" : "")),
                    0,
                    chunk)
                .map(
                    (rs, ctx) ->
                        Map.entry(
                            rs.getString(1),
                            new Lease(rs.getString(2), rs.getInt(3), rs.getInt(4) == 1)))
                .forEach(e -> leases.put(e.getKey(), e.getValue())));
    StatePlanner.Admission admitted =
        StatePlanner.admit(
            owner,
            outcomes,
            r -> {
              Lease l = leases.get(key(r));
              return l == null ? null : l.owner();
            });
    StitchQueue stitches = new StitchQueue(h, postgres);
    List<Conflict> conflicts = children(h, admitted.applied(), stitches, at);
    writeOutcomes(h, admitted.applied(), leases, stitches);
    stitches.flush();
    return new CompletionOutcome(conflicts, admitted.skipped());
  }

  /**
   * Writes the children of the succeeded runs and replaces their parents' references; queues the
   * children whose orphan status flipped.
   */
  private static List<Conflict> children(
      Handle h, List<RunOutcome> applied, StitchQueue stitches, long at) {
    List<RunOutcome.Succeeded> succeeded = new ArrayList<>();
    Set<String> childRefs = new LinkedHashSet<>();
    for (RunOutcome o : applied) {
      if (o instanceof RunOutcome.Succeeded s) {
        succeeded.add(s);
        for (DeferredEntity d : s.children()) {
          childRefs.add(key(d.entity().ref()));
        }
      }
    }
    References references = new References(h);
    Map<String, Set<String>> oldChildren =
        references.childrenOf(succeeded.stream().map(s -> key(s.ref())).toList());
    UnprocessedWrites writes = new UnprocessedWrites(UnprocessedWrites.load(h, childRefs), at);
    List<Conflict> conflicts = new ArrayList<>();
    List<String[]> removed = new ArrayList<>();
    List<String[]> added = new ArrayList<>();
    Map<String, Integer> delta = new HashMap<>();
    for (RunOutcome.Succeeded s : succeeded) {
      String parent = key(s.ref());
      Set<EntityRef> accepted = new LinkedHashSet<>();
      conflicts.addAll(LocationKeyRule.writeAll(s.children(), writes, accepted::add));
      List<EntityRef> old = new ArrayList<>();
      oldChildren.getOrDefault(parent, Set.of()).forEach(c -> old.add(EntityRef.parse(c)));
      StatePlanner.ChildReferences change = StatePlanner.replaceChildren(s.ref(), old, accepted);
      for (EntityRef c : change.removed()) {
        removed.add(new String[] {parent, key(c)});
        delta.merge(key(c), -1, Integer::sum);
      }
      for (EntityRef c : change.added()) {
        added.add(new String[] {parent, key(c)});
        delta.merge(key(c), 1, Integer::sum);
      }
    }
    writes.flush(h);
    List<String> affected = new ArrayList<>();
    for (Map.Entry<String, Integer> e : delta.entrySet()) {
      if (e.getValue() != 0 && !writes.inserted(e.getKey())) {
        affected.add(e.getKey());
      }
    }
    Map<String, Integer> before = references.incomingCounts(affected);
    for (String c : affected) {
      int b = before.getOrDefault(c, 0);
      if (StatePlanner.orphanFlipped(b, b + delta.get(c))) {
        stitches.add(c);
      }
    }
    references.replaceChildren(removed, added);
    return conflicts;
  }

  /** Writes the admitted outcome rows, releasing their leases, and their refresh keys. */
  private static void writeOutcomes(
      Handle h, List<RunOutcome> applied, Map<String, Lease> leases, StitchQueue stitches) {
    PreparedBatch release =
        h.prepareBatch(
            "UPDATE gr_proc_refresh_state SET lease_owner = NULL, lease_until = NULL"
                + " WHERE entity_ref = ?");
    PreparedBatch failedKeepCache =
        h.prepareBatch(
            "UPDATE gr_proc_refresh_state SET errors = ?, result_hash = ?, cache_ttl = ?,"
                + " lease_owner = NULL, lease_until = NULL WHERE entity_ref = ?");
    PreparedBatch failedDropCache =
        h.prepareBatch(
            "UPDATE gr_proc_refresh_state SET errors = ?, result_hash = ?, cache_ttl = ?,"
                + " cache = NULL, lease_owner = NULL, lease_until = NULL WHERE entity_ref = ?");
    PreparedBatch good =
        h.prepareBatch(
            "UPDATE gr_proc_refresh_state SET processed_entity = ?, relations = ?,"
                + " errors = NULL, result_hash = ?, cache = ?, cache_ttl = ?,"
                + " lease_owner = NULL, lease_until = NULL WHERE entity_ref = ?");
    PreparedBatch goodKeepCache =
        h.prepareBatch(
            "UPDATE gr_proc_refresh_state SET processed_entity = ?, relations = ?,"
                + " errors = NULL, result_hash = ?,"
                + " lease_owner = NULL, lease_until = NULL WHERE entity_ref = ?");
    List<String> rekeyed = new ArrayList<>();
    List<String[]> newKeys = new ArrayList<>();
    for (RunOutcome o : applied) {
      String r = key(o.ref());
      if (o instanceof RunOutcome.Failed f) {
        Lease lease = leases.get(r);
        int ttl = StatePlanner.cacheTtlAfterFailure(lease.hasCache(), lease.cacheTtl());
        (ttl == 0 ? failedDropCache : failedKeepCache)
            .bind(0, StateSupport.errorsJson(f.errors()))
            .bind(1, f.resultHash())
            .bind(2, ttl)
            .bind(3, r)
            .add();
        stitches.add(r);
      } else if (o instanceof RunOutcome.Succeeded s) {
        ObjectNode cache = s.cache();
        if (cache != null) {
          good.bind(0, s.processed().toJsonString())
              .bind(1, StateSql.relationsJson(s.relations()))
              .bind(2, s.resultHash())
              .bind(3, cache.isEmpty() ? null : Json.write(cache))
              .bind(4, StateSupport.CACHE_TTL)
              .bind(5, r)
              .add();
        } else {
          goodKeepCache
              .bind(0, s.processed().toJsonString())
              .bind(1, StateSql.relationsJson(s.relations()))
              .bind(2, s.resultHash())
              .bind(3, r)
              .add();
        }
        rekeyed.add(r);
        for (String k : StateSupport.refreshKeys(s.refreshKeys())) {
          newKeys.add(new String[] {r, k});
        }
        stitches.add(r);
      } else {
        release.bind(0, r).add();
      }
    }
    for (PreparedBatch b : List.of(release, failedKeepCache, failedDropCache, good, goodKeepCache)) {
      if (b.size() > 0) {
        b.execute();
      }
    }
    StateSql.deleteIn(h, "gr_proc_refresh_keys", "entity_ref", rekeyed);
    StateSql.batch(
        h,
        "INSERT INTO gr_proc_refresh_keys (entity_ref, refresh_key) VALUES (?, ?)",
        newKeys,
        (b, k) -> b.bind(0, k[0]).bind(1, k[1]));
  }
}
