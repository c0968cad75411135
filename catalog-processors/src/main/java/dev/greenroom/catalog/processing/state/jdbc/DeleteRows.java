package dev.greenroom.catalog.processing.state.jdbc;

import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.processing.state.internal.StatePlanner;
import dev.greenroom.catalog.processing.state.internal.StateSupport;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * Deletes rows: with every reference to and from them and their refresh keys, queueing them (their
 * final entities must go) and the surviving children that became orphans for stitching. Used by an
 * eager deletion after lost references ({@link StatePlanner#eagerDeletion}), the orphan sweep and
 * an explicit delete.
 */
final class DeleteRows {
  private final Handle h;
  private final References references;
  private final StitchQueue stitches;

  DeleteRows(Handle h, StitchQueue stitches) {
    this.h = h;
    this.references = new References(h);
    this.stitches = stitches;
  }

  /** Deletes what losing references left unreferenced; returns the deleted keys. */
  Set<String> eager(Set<String> roots) {
    Set<EntityRef> doomed =
        StatePlanner.eagerDeletion(
            roots.stream().map(EntityRef::parse).toList(),
            level -> {
              Map<EntityRef, Set<EntityRef>> m = new HashMap<>();
              references
                  .childrenOf(StateSql.keys(level))
                  .forEach(
                      (p, cs) -> {
                        Set<EntityRef> refs = new HashSet<>();
                        cs.forEach(c -> refs.add(EntityRef.parse(c)));
                        m.put(EntityRef.parse(p), refs);
                      });
              return m;
            },
            references::incoming);
    Set<String> keys = StateSql.keys(doomed);
    rows(new ArrayList<>(keys));
    return keys;
  }

  /** Deletes up to {@code limit} unreferenced rows per round, up to {@code maxRounds} rounds. */
  List<EntityRef> orphans(int limit, int maxRounds) {
    List<EntityRef> out = new ArrayList<>();
    for (int round = 0; round < maxRounds; round++) {
      List<String> orphans =
          h.createQuery(
                  "SELECT r.entity_ref FROM gr_proc_refresh_state r WHERE NOT EXISTS"
                      + " (SELECT 1 FROM gr_proc_references x WHERE x.target_ref = r.entity_ref)"
                      + " ORDER BY r.entity_ref FETCH FIRST "
                      + limit
                      + " ROWS ONLY")
              .mapTo(String.class)
              .list();
      if (orphans.isEmpty()) {
        break;
      }
      rows(orphans);
      for (String o : orphans) {
        out.add(EntityRef.parse(o));
      }
    }
    return out;
  }

  /**
   * An explicit delete: every parent of {@code ref} gets {@code result_hash = child-was-deleted}
   * and is due at {@code at}, so that a child it still emits comes back; then the row goes.
   */
  boolean explicit(EntityRef ref, long at) {
    String r = StateSql.key(ref);
    if (!UnprocessedWrites.exists(h, r)) {
      return false;
    }
    StateSql.batch(
        h,
        "UPDATE gr_proc_refresh_state SET result_hash = ?, next_update_at = ? WHERE entity_ref = ?",
        references.parentsOfAny(List.of(r)),
        (b, p) -> b.bind(0, StateSupport.CHILD_WAS_DELETED).bind(1, at).bind(2, p));
    rows(List.of(r));
    return true;
  }

  /** Deletes the rows of {@code refs} and what hangs on them; queues the stitches. */
  void rows(List<String> refs) {
    if (refs.isEmpty()) {
      return;
    }
    Set<String> children = new LinkedHashSet<>();
    references.childrenOf(refs).values().forEach(children::addAll);
    references.removeAllOf(refs);
    StateSql.deleteIn(h, "gr_proc_refresh_keys", "entity_ref", refs);
    StateSql.deleteIn(h, "gr_proc_refresh_state", "entity_ref", refs);
    for (String r : refs) {
      stitches.add(r);
      children.remove(r);
    }
    if (!children.isEmpty()) {
      Set<String> alive = UnprocessedWrites.load(h, children).keySet();
      Set<String> referenced = references.referencedAmong(alive);
      for (String c : alive) {
        if (StatePlanner.orphanFlipped(1, referenced.contains(c) ? 1 : 0)) {
          stitches.add(c);
        }
      }
    }
  }
}
