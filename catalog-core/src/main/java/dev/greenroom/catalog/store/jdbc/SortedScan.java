package dev.greenroom.catalog.store.jdbc;

import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.query.FullTextFilter;
import dev.greenroom.catalog.query.SortField;
import dev.greenroom.catalog.store.ScanRequest;
import dev.greenroom.catalog.store.ScanResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;

/**
 * A page of a broad, sorted scan read in the order of the sort key's index, stopping after the
 * page (Backstage's by-query with one {@code orderField}, e.g. the catalog table sorted by name).
 *
 * <p>The general scan computes the sort value of every matching entity and sorts them all, which
 * costs seconds when most of 100,000 entities match. Here the rows of the sort key are walked in
 * {@code (field_key, field_value)} index order; a row counts only if it holds its entity's smallest
 * value for the key (so multi-valued keys sort by their minimum, as the contract says) and the
 * entity passes the filter. The walk stops after {@code offset + limit} rows. The index orders
 * equal values by entity id, not by ref, so every row with the last value read is fetched as well
 * and ties are ordered by ref in Java before the page is cut. Used only when no equality conjunct
 * of the filter is selective (see {@link JdbcEntityStore}); then few rows are read before the
 * page fills.
 */
final class SortedScan {
  private SortedScan() {}

  private record Row(String value, long id, String ref) {}

  static ScanResult scan(Handle h, ScanRequest r, Dialect dialect) {
    SortField sort = r.sort().get(0);
    int want = r.offset() + r.limit();
    List<Long> ids = new ArrayList<>();
    List<String> values = new ArrayList<>();
    rows(r, sort, dialect, null, want).query(h).map((rs, ctx) -> {
      ids.add(rs.getLong(2));
      values.add(rs.getString(1));
      return 1;
    }).forEach(x -> {});
    if (ids.isEmpty()) {
      return new ScanResult(List.of(), List.of());
    }
    Map<Long, String> valueOf = new HashMap<>();
    for (int i = 0; i < ids.size(); i++) {
      valueOf.put(ids.get(i), values.get(i));
    }
    if (ids.size() == want) {
      // Rows with the last value may continue past the cut, in an order that is not ref order.
      String last = values.get(values.size() - 1);
      rows(r, sort, dialect, last, Integer.MAX_VALUE).query(h).map((rs, ctx) -> {
        valueOf.put(rs.getLong(2), rs.getString(1));
        return 1;
      }).forEach(x -> {});
    }
    Map<Long, String> refs = new HashMap<>();
    Map<Long, String> bodies = new HashMap<>();
    List<Long> all = new ArrayList<>(valueOf.keySet());
    InList.chunks(
        all,
        chunk ->
            new Sql()
                .append("SELECT e.id, e.ref FROM gr_entities e WHERE e.id IN (")
                .bindList(chunk)
                .append(")")
                .query(h)
                .map((rs, ctx) -> refs.put(rs.getLong(1), rs.getString(2)))
                .forEach(x -> {}));
    Comparator<Row> order = Comparator.comparing(Row::value).thenComparing(Row::ref);
    if (sort.descending()) {
      order = order.reversed();
    }
    List<Row> sorted = new ArrayList<>();
    valueOf.forEach((id, v) -> sorted.add(new Row(v, id, refs.get(id))));
    sorted.sort(order);
    List<Row> page =
        sorted.subList(Math.min(r.offset(), sorted.size()), Math.min(want, sorted.size()));
    List<Long> pageIds = page.stream().map(Row::id).toList();
    if (!pageIds.isEmpty()) {
      new Sql()
          .append("SELECT e.id, e.body FROM gr_entities e WHERE e.id IN (")
          .bindList(pageIds)
          .append(")")
          .query(h)
          .map((rs, ctx) -> bodies.put(rs.getLong(1), rs.getString(2)))
          .forEach(x -> {});
    }
    List<Entity> entities = new ArrayList<>(page.size());
    List<ScanRequest.Keyset> positions = new ArrayList<>(page.size());
    for (Row row : page) {
      entities.add(Entity.fromStoredJson(bodies.get(row.id())));
      positions.add(new ScanRequest.Keyset(row.value(), row.ref()));
    }
    return new ScanResult(entities, positions);
  }

  /**
   * Rows {@code (value, entity_id)} of the sort key in index order: each entity's smallest value,
   * entities passing the filter, full-text filter and keyset; only value {@code equalTo} when it
   * is given.
   */
  private static Sql rows(
      ScanRequest r, SortField sort, Dialect dialect, @Nullable String equalTo, int limit) {
    String dir = sort.descending() ? " DESC" : " ASC";
    String hint = dialect == Dialect.H2 ? " USE INDEX (gr_search_entity)" : "";
    Sql sql =
        new Sql()
            .append("SELECT s.field_value, s.entity_id FROM gr_search s WHERE s.field_key = ")
            .bind(sort.field())
            .append(" AND s.field_value IS NOT NULL")
            .append(" AND NOT EXISTS (SELECT 1 FROM gr_search m" + hint)
            .append(" WHERE m.entity_id = s.entity_id AND m.field_key = s.field_key")
            .append(" AND m.field_value < s.field_value)");
    if (equalTo != null) {
      sql.append(" AND s.field_value = ").bind(equalTo);
    }
    if (!PredicateSql.isTrue(r.filter())) {
      sql.append(" AND ");
      new PredicateSql().append(r.filter(), "s.entity_id", sql);
    }
    FullTextFilter ft = r.fullText();
    if (ft != null) {
      sql.append(" AND EXISTS (SELECT 1 FROM gr_search t WHERE t.entity_id = s.entity_id");
      if (!ft.fields().isEmpty()) {
        sql.append(" AND t.field_key IN (").bindList(ft.fields()).append(")");
      }
      sql.append(" AND t.field_value LIKE ")
          .bind("%" + Sql.likeLiteral(ft.term()) + "%")
          .append(" ESCAPE '!')");
    }
    ScanRequest.Keyset after = r.after();
    if (after != null && after.sortValue() != null) {
      String cmp = sort.descending() ? " < " : " > ";
      String bound = sort.descending() ? " <= " : " >= ";
      // The AND-ed bound lets the index range start at the keyset; the OR settles ties by ref.
      sql.append(" AND s.field_value" + bound)
          .bind(after.sortValue())
          .append(" AND (s.field_value" + cmp)
          .bind(after.sortValue())
          .append(" OR EXISTS (SELECT 1 FROM gr_entities x WHERE x.id = s.entity_id AND x.ref" + cmp)
          .bind(after.ref())
          .append("))");
    }
    sql.append(" ORDER BY s.field_key" + dir + ", s.field_value" + dir);
    if (limit != Integer.MAX_VALUE) {
      sql.append(" FETCH FIRST ").bind(limit).append(" ROWS ONLY");
    }
    return sql;
  }
}
