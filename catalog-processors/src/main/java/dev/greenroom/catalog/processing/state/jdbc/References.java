package dev.greenroom.catalog.processing.state.jdbc;

import static dev.greenroom.catalog.processing.state.jdbc.StateSql.batch;
import static dev.greenroom.catalog.processing.state.jdbc.StateSql.strings;

import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.processing.state.internal.StatePlanner;
import dev.greenroom.catalog.store.jdbc.InList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * The statements on {@code gr_proc_references}: who keeps a row alive, a source key (provider) or
 * a parent ref, never both in one row. Reads take lists of refs and run in chunks; writes run in
 * JDBC batches. Refs are their stored keys ({@link StateSql#key}).
 */
final class References {
  private final Handle h;

  References(Handle h) {
    this.h = h;
  }

  /** Every ref {@code sourceKey} references. */
  Set<String> ofSource(String sourceKey) {
    return new HashSet<>(
        h.createQuery("SELECT target_ref FROM gr_proc_references WHERE source_key = ?")
            .bind(0, sourceKey)
            .mapTo(String.class)
            .list());
  }

  /** The refs among {@code among} that {@code sourceKey} references. */
  Set<String> ofSource(String sourceKey, Collection<String> among) {
    Set<String> out = new HashSet<>();
    InList.chunks(
        among,
        chunk ->
            InList.bind(
                    h.createQuery(
                            "SELECT target_ref FROM gr_proc_references WHERE source_key = ?"
                                + " AND target_ref IN ("
                                + InList.marks(chunk.size())
                                + ")")
                        .bind(0, sourceKey),
                    1,
                    chunk)
                .mapTo(String.class)
                .forEach(out::add));
    return out;
  }

  /** Adds a reference from {@code sourceKey} to each of {@code targets}. */
  void addFromSource(String sourceKey, Collection<String> targets) {
    batch(
        h,
        "INSERT INTO gr_proc_references (source_key, target_ref) VALUES (?, ?)",
        targets,
        (b, r) -> b.bind(0, sourceKey).bind(1, r));
  }

  /** Removes the references from {@code sourceKey} to each of {@code targets}. */
  void removeFromSource(String sourceKey, Collection<String> targets) {
    batch(
        h,
        "DELETE FROM gr_proc_references WHERE source_key = ? AND target_ref = ?",
        targets,
        (b, r) -> b.bind(0, sourceKey).bind(1, r));
  }

  /** The children of each of {@code parents} that has any. */
  Map<String, Set<String>> childrenOf(Collection<String> parents) {
    Map<String, Set<String>> out = new HashMap<>();
    InList.chunks(
        parents,
        chunk ->
            InList.bind(
                    h.createQuery(
                        "SELECT source_ref, target_ref FROM gr_proc_references"
                            + " WHERE source_ref IN ("
                            + InList.marks(chunk.size())
                            + ")"),
                    0,
                    chunk)
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
                .forEach(e -> out.computeIfAbsent(e.getKey(), k -> new HashSet<>()).add(e.getValue())));
    return out;
  }

  /** The parents of any of {@code children} (not source keys), each once. */
  List<String> parentsOfAny(Collection<String> children) {
    return strings(
        h,
        "SELECT DISTINCT source_ref FROM gr_proc_references"
            + " WHERE source_ref IS NOT NULL AND target_ref IN",
        children,
        "");
  }

  /** Who references each of {@code refs} (every ref asked has an entry). */
  Map<EntityRef, StatePlanner.Incoming> incoming(Collection<EntityRef> refs) {
    Map<EntityRef, Boolean> fromSource = new HashMap<>();
    Map<EntityRef, Set<EntityRef>> parents = new HashMap<>();
    InList.chunks(
        StateSql.keys(refs),
        chunk ->
            InList.bind(
                    h.createQuery(
                        "SELECT target_ref, source_key, source_ref FROM gr_proc_references"
                            + " WHERE target_ref IN ("
                            + InList.marks(chunk.size())
                            + ")"),
                    0,
                    chunk)
                .map((rs, ctx) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)})
                .forEach(
                    row -> {
                      EntityRef t = EntityRef.parse(row[0]);
                      if (row[1] != null) {
                        fromSource.put(t, true);
                      }
                      if (row[2] != null) {
                        parents.computeIfAbsent(t, k -> new HashSet<>()).add(EntityRef.parse(row[2]));
                      }
                    }));
    Map<EntityRef, StatePlanner.Incoming> out = new HashMap<>();
    for (EntityRef r : refs) {
      out.put(
          r,
          new StatePlanner.Incoming(
              fromSource.getOrDefault(r, false), parents.getOrDefault(r, Set.of())));
    }
    return out;
  }

  /** Which of {@code refs} have at least one incoming reference. */
  Set<String> referencedAmong(Collection<String> refs) {
    return new HashSet<>(
        strings(h, "SELECT DISTINCT target_ref FROM gr_proc_references WHERE target_ref IN", refs, ""));
  }

  /** Incoming reference counts of {@code refs} (absent: none). */
  Map<String, Integer> incomingCounts(Collection<String> refs) {
    Map<String, Integer> out = new HashMap<>();
    InList.chunks(
        refs,
        chunk ->
            InList.bind(
                    h.createQuery(
                        "SELECT target_ref, COUNT(*) FROM gr_proc_references WHERE target_ref IN ("
                            + InList.marks(chunk.size())
                            + ") GROUP BY target_ref"),
                    0,
                    chunk)
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getInt(2)))
                .forEach(e -> out.put(e.getKey(), e.getValue())));
    return out;
  }

  /** Applies parent-to-child reference changes: {@code [parent, child]} pairs. */
  void replaceChildren(Collection<String[]> removed, Collection<String[]> added) {
    batch(
        h,
        "DELETE FROM gr_proc_references WHERE source_ref = ? AND target_ref = ?",
        removed,
        (b, p) -> b.bind(0, p[0]).bind(1, p[1]));
    batch(
        h,
        "INSERT INTO gr_proc_references (source_ref, target_ref) VALUES (?, ?)",
        added,
        (b, p) -> b.bind(0, p[0]).bind(1, p[1]));
  }

  /** Removes every reference from or to {@code refs}. */
  void removeAllOf(Collection<String> refs) {
    StateSql.deleteIn(h, "gr_proc_references", "source_ref", refs);
    StateSql.deleteIn(h, "gr_proc_references", "target_ref", refs);
  }
}
