package dev.greenroom.catalog.store.jdbc;

import dev.greenroom.catalog.query.EntityPredicate;
import dev.greenroom.catalog.query.EntityPredicate.All;
import dev.greenroom.catalog.query.EntityPredicate.Any;
import dev.greenroom.catalog.query.EntityPredicate.Field;
import dev.greenroom.catalog.query.EntityPredicate.ValueMatch;
import dev.greenroom.catalog.query.FacetCount;
import dev.greenroom.catalog.query.SearchRow;
import dev.greenroom.catalog.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;

/**
 * Facet counts kept in the write transaction: per (kind, key, original value) of the maintained
 * facet keys, the number of entities holding that value. They answer {@link
 * JdbcEntityStore#facets} for the requests a catalog UI makes (a facet with no filter, or under a
 * filter on {@code kind} only) without reading the search table.
 *
 * <p>Design. Tables {@code gr_facet_keys} (the maintained keys, lower case) and {@code
 * gr_facet_counts} (kind, field_key, original_value, n), schema version 4. The kind column holds the
 * entity's {@code kind} search value (lower case; {@code ''} when that value is null, a kind over
 * 200 characters, which no kind filter matches). A count is the number of {@code gr_search} rows
 * with that key and original value among entities of that kind; since an entity holds an original
 * value at most once per key, that is the number of entities, as the computed facets count.
 *
 * <ul>
 *   <li><b>Writes</b>: {@link JdbcStitchState} reports each entity's search rows before and after
 *       ({@link #change}); the deltas are summed in memory and written by {@link #flush} with one
 *       batched {@code UPDATE}, an {@code INSERT} for cells that had no row, and a {@code DELETE} of
 *       cells that fell to zero. It runs in the write transaction, after the writer lock (the JVM
 *       lock, and PostgreSQL's advisory lock for several hosts): counts commit with the rows they
 *       count, and no two writers update them at once. The maintained keys are read from the
 *       database in each write transaction, so hosts configured differently still keep every
 *       listed key exact.
 *   <li><b>Reads</b>: one statement joins the requested keys with {@code gr_facet_keys}; when a
 *       requested key is not maintained, or the filter is not a kind filter ({@link #kinds}), the
 *       caller computes the facets from the search table instead.
 *   <li><b>Keys</b>: {@link #sync} makes the database's maintained keys the store's configured ones
 *       when the store opens, filling the counts of a new key from the search table.
 *   <li><b>Upgrades</b>: schema version 4 fills the counts from the stored rows when it is applied
 *       (not under the writer lock). A host of an older Greenroom that goes on writing
 *       the same database afterwards does not keep the counts: upgrade the hosts of one database
 *       together.
 * </ul>
 */
final class FacetCounts {
  /**
   * The keys maintained unless configured otherwise: those Backstage's catalog UI asks facets of
   * (the kind, type, lifecycle, tag, namespace and owner pickers), plus {@code spec.owner}.
   */
  static final List<String> DEFAULT_KEYS =
      List.of(
          "kind",
          "metadata.namespace",
          "metadata.tags",
          "relations.ownedby",
          "spec.lifecycle",
          "spec.owner",
          "spec.type");

  /** The kind column's value for an entity whose kind search value is null. */
  static final String NO_KIND = "";

  private record Cell(String kind, String key, String value) {}

  private final Handle h;
  private @Nullable Set<String> keys;
  private final Map<Cell, Long> deltas = new HashMap<>();

  FacetCounts(Handle h) {
    this.h = h;
  }

  /**
   * Counts the change of one entity's search rows: {@code before} (null for a new entity) becomes
   * {@code after} (null for a deleted one).
   */
  void change(@Nullable List<SearchRow> before, @Nullable List<SearchRow> after) {
    Set<String> maintained = keys();
    if (maintained.isEmpty()) {
      return;
    }
    if (before != null) {
      add(before, -1, maintained);
    }
    if (after != null) {
      add(after, 1, maintained);
    }
  }

  private void add(List<SearchRow> rows, long sign, Set<String> maintained) {
    String kind = kind(rows);
    for (SearchRow r : rows) {
      if (r.originalValue() != null && maintained.contains(r.key())) {
        deltas.merge(new Cell(kind, r.key(), r.originalValue()), sign, Long::sum);
      }
    }
  }

  private static String kind(List<SearchRow> rows) {
    for (SearchRow r : rows) {
      if (r.key().equals("kind")) {
        return r.value() == null ? NO_KIND : r.value();
      }
    }
    return NO_KIND;
  }

  private Set<String> keys() {
    if (keys == null) {
      keys = new HashSet<>(h.createQuery("SELECT field_key FROM gr_facet_keys").mapTo(String.class).list());
    }
    return keys;
  }

  /** Writes the summed deltas. */
  void flush() {
    List<Map.Entry<Cell, Long>> changed = new ArrayList<>();
    deltas.forEach(
        (c, d) -> {
          if (d != 0) {
            changed.add(Map.entry(c, d));
          }
        });
    deltas.clear();
    if (changed.isEmpty()) {
      return;
    }
    Connection c = h.getConnection();
    try {
      int[] updated;
      try (PreparedStatement upd =
          c.prepareStatement(
              "UPDATE gr_facet_counts SET n = n + ? WHERE field_key = ? AND kind = ? AND original_value = ?")) {
        for (var e : changed) {
          upd.setLong(1, e.getValue());
          bindCell(upd, 2, e.getKey());
          upd.addBatch();
        }
        updated = upd.executeBatch();
      }
      boolean inserts = false;
      boolean deletes = false;
      try (PreparedStatement ins =
              c.prepareStatement(
                  "INSERT INTO gr_facet_counts (field_key, kind, original_value, n) VALUES (?, ?, ?, ?)");
          PreparedStatement del =
              c.prepareStatement(
                  "DELETE FROM gr_facet_counts WHERE field_key = ? AND kind = ? AND original_value = ?"
                      + " AND n <= 0")) {
        for (int i = 0; i < changed.size(); i++) {
          Cell cell = changed.get(i).getKey();
          long delta = changed.get(i).getValue();
          if (updated[i] == 0) {
            if (delta < 0) {
              // Writers are serialised and counts commit with their rows: a cell cannot go below
              // zero unless the table was changed by hand.
              throw new StoreException(
                  "facet count of " + cell.key() + "=" + cell.value() + " would go below zero");
            }
            bindCell(ins, 1, cell);
            ins.setLong(4, delta);
            ins.addBatch();
            inserts = true;
          } else if (delta < 0) {
            bindCell(del, 1, cell);
            del.addBatch();
            deletes = true;
          }
        }
        if (inserts) {
          ins.executeBatch();
        }
        if (deletes) {
          del.executeBatch();
        }
      }
    } catch (SQLException e) {
      throw new StoreException("writing facet counts failed: " + e.getMessage(), e);
    }
  }

  private static void bindCell(PreparedStatement ps, int from, Cell cell) throws SQLException {
    ps.setString(from, cell.key());
    ps.setString(from + 1, cell.kind());
    ps.setString(from + 2, cell.value());
  }

  // ------------------------------------------------------------------------------------ reads

  /**
   * The kinds (lower case) that {@code filter} restricts entities to when it tests nothing but
   * {@code kind} equality: empty for a filter that matches nothing, null when the filter is
   * anything else (including match-all, which {@link #read} takes as no kind restriction). A
   * filter value {@code ''} also gives null: the kind column uses it for kinds over 200
   * characters.
   */
  static @Nullable Set<String> kinds(EntityPredicate filter) {
    if (filter instanceof Field f && f.key().equals("kind")) {
      List<String> values;
      if (f.match() instanceof ValueMatch.Equals eq) {
        values = List.of(eq.value());
      } else if (f.match() instanceof ValueMatch.In in) {
        values = in.values();
      } else {
        return null;
      }
      return values.contains(NO_KIND) ? null : new TreeSet<>(values);
    }
    if (filter instanceof All a && a.predicates().size() == 1) {
      return kinds(a.predicates().get(0));
    }
    if (filter instanceof Any a) {
      Set<String> union = new TreeSet<>();
      for (EntityPredicate p : a.predicates()) {
        Set<String> k = kinds(p);
        if (k == null) {
          return null;
        }
        union.addAll(k);
      }
      return union;
    }
    return null;
  }

  /**
   * The facets of {@code keys} (normalized, distinct) from the counts, among all entities ({@code
   * kinds} null) or the entities of those kinds; null when a key is not maintained. One statement,
   * so one consistent snapshot.
   */
  static @Nullable Map<String, List<FacetCount>> read(
      Handle h, Collection<String> keys, @Nullable Set<String> kinds) {
    Map<String, List<FacetCount>> out = new HashMap<>();
    if (kinds != null && kinds.isEmpty()) {
      // matches no entity; still only when every key is maintained, like any other answer
      Sql known =
          new Sql().append("SELECT field_key FROM gr_facet_keys WHERE field_key IN (").bindList(List.copyOf(keys)).append(")");
      if (known.query(h).mapTo(String.class).list().size() != keys.size()) {
        return null;
      }
      keys.forEach(k -> out.put(k, new ArrayList<>()));
      return out;
    }
    Sql sql =
        new Sql()
            .append(
                "SELECT k.field_key, c.original_value, SUM(c.n) FROM gr_facet_keys k"
                    + " LEFT JOIN gr_facet_counts c ON c.field_key = k.field_key");
    if (kinds != null) {
      sql.append(" AND c.kind IN (").bindList(List.copyOf(kinds)).append(")");
    }
    sql.append(" WHERE k.field_key IN (")
        .bindList(List.copyOf(keys))
        .append(") GROUP BY k.field_key, c.original_value");
    sql.query(h)
        .map(
            (rs, ctx) -> {
              List<FacetCount> list = out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>());
              String value = rs.getString(2);
              long n = rs.getLong(3);
              if (value != null && n > 0) {
                list.add(new FacetCount(value, n));
              }
              return 1;
            })
        .forEach(x -> {});
    return out.size() == keys.size() ? out : null;
  }

  // ------------------------------------------------------------------------------------- keys

  /**
   * Makes the maintained keys {@code wanted} (normalized): counts of keys no longer wanted are
   * dropped, counts of new keys are filled from the search table. The caller holds the writer
   * lock, in a transaction.
   */
  static void sync(Handle h, Set<String> wanted) {
    Set<String> present =
        new LinkedHashSet<>(h.createQuery("SELECT field_key FROM gr_facet_keys").mapTo(String.class).list());
    List<String> removed = present.stream().filter(k -> !wanted.contains(k)).sorted().toList();
    List<String> added = wanted.stream().filter(k -> !present.contains(k)).sorted().toList();
    if (!removed.isEmpty()) {
      new Sql().append("DELETE FROM gr_facet_counts WHERE field_key IN (").bindList(removed).append(")").update(h);
      new Sql().append("DELETE FROM gr_facet_keys WHERE field_key IN (").bindList(removed).append(")").update(h);
    }
    if (!added.isEmpty()) {
      var ins = h.prepareBatch("INSERT INTO gr_facet_keys (field_key) VALUES (?)");
      added.forEach(k -> ins.bind(0, k).add());
      ins.execute();
      new Sql().append(FILL_SELECT + " AND f.field_key IN (").bindList(added).append(")" + FILL_GROUP).update(h);
    }
  }

  /**
   * Fills the counts of the keys in {@code gr_facet_keys} from the search table; the same
   * statement as the schema-version-4 scripts, which take all keys, end the condition here.
   */
  static final String FILL_SELECT =
      "INSERT INTO gr_facet_counts (field_key, kind, original_value, n)"
          + " SELECT f.field_key, COALESCE(k.field_value, ''), f.original_value, COUNT(*)"
          + " FROM gr_search f LEFT JOIN gr_search k ON k.entity_id = f.entity_id AND k.field_key = 'kind'"
          + " WHERE f.original_value IS NOT NULL";

  static final String FILL_GROUP = " GROUP BY f.field_key, COALESCE(k.field_value, ''), f.original_value";
}
