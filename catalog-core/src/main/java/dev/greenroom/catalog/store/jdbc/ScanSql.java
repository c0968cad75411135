package dev.greenroom.catalog.store.jdbc;

import dev.greenroom.catalog.query.EntityPredicate;
import dev.greenroom.catalog.query.EntityPredicate.All;
import dev.greenroom.catalog.query.EntityPredicate.Field;
import dev.greenroom.catalog.query.EntityPredicate.ValueMatch;
import dev.greenroom.catalog.query.FullTextFilter;
import dev.greenroom.catalog.query.SortField;
import dev.greenroom.catalog.store.ScanRequest;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Builds the SQL of {@code scan} and {@code count}.
 *
 * <p>Shape of a scan (names are the real aliases):
 *
 * <pre>{@code
 * SELECT p.ref, p.sv0, e.body FROM (                         -- bodies only for the page
 *   SELECT q.id, q.ref, q.sv0 FROM (
 *     SELECT e.id, e.ref,
 *            (SELECT MIN(v.field_value) FROM gr_search v    -- one seek on (entity_id, key, value)
 *              WHERE v.entity_id = e.id AND v.field_key = ?) AS sv0
 *     FROM gr_search d JOIN gr_entities e ON e.id = d.entity_id   -- optional driver
 *     WHERE d.field_key = ? AND d.field_value = ?
 *       AND <other conditions as EXISTS subqueries> AND <full text>
 *   ) q
 *   WHERE <keyset> ORDER BY q.sv0 ASC NULLS LAST, q.ref ASC OFFSET ? ROWS FETCH NEXT ? ROWS ONLY
 * ) p JOIN gr_entities e ON e.id = p.id ORDER BY p.sv0 ASC NULLS LAST, p.ref ASC
 * }</pre>
 *
 * Without sort fields the middle level disappears and the page is read straight off the unique
 * {@code ref} index ({@code ORDER BY e.ref ... FETCH NEXT}), which stops after {@code limit}
 * matches; with a driver as well, the outer level goes too ({@link #flatScan}). The driver is an equality conjunct chosen by the caller; the other conjuncts are tested
 * per driver row with index seeks.
 */
final class ScanSql {
  private ScanSql() {}

  /** A top-level equality conjunct that can drive the query, and the rest of the predicate. */
  record Split(@Nullable Field driver, EntityPredicate rest) {}

  /** The equality conjuncts of {@code p} that could drive a query (each yields distinct ids). */
  static List<Field> driverCandidates(EntityPredicate p) {
    List<Field> out = new ArrayList<>();
    List<EntityPredicate> conj = p instanceof All a ? a.predicates() : List.of(p);
    for (EntityPredicate c : conj) {
      if (c instanceof Field f
          && (f.match() instanceof ValueMatch.Equals
              || (f.match() instanceof ValueMatch.In in && in.values().size() == 1))) {
        out.add(f);
      }
    }
    return out;
  }

  /** {@code p} with {@code driver} taken out of its top-level conjunction. */
  static Split split(EntityPredicate p, @Nullable Field driver) {
    if (driver == null) {
      return new Split(null, p);
    }
    if (p.equals(driver)) {
      return new Split(driver, EntityPredicate.matchAll());
    }
    List<EntityPredicate> rest = new ArrayList<>(((All) p).predicates());
    rest.remove(driver);
    return new Split(driver, EntityPredicate.all(rest));
  }

  /** {@code FROM ... WHERE ...} selecting matching entities as {@code e}. */
  static Sql fromWhere(
      Split split, @Nullable FullTextFilter fullText, @Nullable String requiredKey, Sql... extra) {
    Sql sql = new Sql();
    List<Sql> conds = new ArrayList<>();
    if (split.driver() != null) {
      sql.append(" FROM gr_search d JOIN gr_entities e ON e.id = d.entity_id");
      Sql c = new Sql();
      PredicateSql.valueCondition("d", split.driver().key(), split.driver().match(), c);
      conds.add(c);
    } else {
      sql.append(" FROM gr_entities e");
    }
    if (!PredicateSql.isTrue(split.rest())) {
      Sql c = new Sql();
      new PredicateSql().append(split.rest(), "e.id", c);
      conds.add(c);
    }
    if (fullText != null) {
      Sql c = new Sql().append("EXISTS (SELECT 1 FROM gr_search t WHERE t.entity_id = e.id");
      if (!fullText.fields().isEmpty()) {
        c.append(" AND t.field_key IN (").bindList(fullText.fields()).append(")");
      }
      c.append(" AND t.field_value LIKE ")
          .bind("%" + Sql.likeLiteral(fullText.term()) + "%")
          .append(" ESCAPE '!')");
      conds.add(c);
    }
    if (requiredKey != null) {
      conds.add(
          new Sql()
              .append(
                  "EXISTS (SELECT 1 FROM gr_search r WHERE r.entity_id = e.id AND r.field_key = ")
              .bind(requiredKey)
              .append(" AND r.field_value IS NOT NULL)"));
    }
    conds.addAll(List.of(extra));
    for (int i = 0; i < conds.size(); i++) {
      sql.append(i == 0 ? " WHERE " : " AND ").append(conds.get(i));
    }
    return sql;
  }

  /** The count query. */
  static Sql count(ScanRequest r, Split split) {
    String required =
        r.requireSortValue() && !r.sort().isEmpty() ? r.sort().get(0).field() : null;
    return new Sql().append("SELECT COUNT(*)").append(fromWhere(split, r.fullText(), required));
  }

  /** The scan query; columns: ref, first sort value (or null), body. */
  static Sql scan(ScanRequest r, Split split) {
    List<SortField> sort = r.sort();
    boolean firstDesc = !sort.isEmpty() && sort.get(0).descending();
    String refDir = firstDesc ? " DESC" : " ASC";
    ScanRequest.Keyset after = r.after();
    if (sort.isEmpty() && split.driver() != null) {
      return flatScan(r, split);
    }
    Sql page = new Sql();
    if (sort.isEmpty()) {
      Sql[] extra =
          after == null
              ? new Sql[0]
              : new Sql[] {new Sql().append("e.ref > ").bind(after.ref())};
      page.append("SELECT e.id, e.ref, CAST(NULL AS VARCHAR(1)) AS sv0")
          .append(fromWhere(split, r.fullText(), null, extra))
          .append(" ORDER BY e.ref ASC");
    } else {
      Sql inner = new Sql().append("SELECT e.id, e.ref");
      for (int i = 0; i < sort.size(); i++) {
        inner
            .append(", (SELECT MIN(v.field_value) FROM gr_search v WHERE v.entity_id = e.id"
                + " AND v.field_key = ")
            .bind(sort.get(i).field())
            .append(") AS sv" + i);
      }
      inner.append(fromWhere(split, r.fullText(), null));
      page.append("SELECT q.*").append(" FROM (").append(inner).append(") q");
      List<Sql> conds = new ArrayList<>();
      if (r.requireSortValue()) {
        conds.add(new Sql().append("q.sv0 IS NOT NULL"));
      }
      if (after != null) {
        conds.add(keyset(after, firstDesc, r.requireSortValue()));
      }
      for (int i = 0; i < conds.size(); i++) {
        page.append(i == 0 ? " WHERE " : " AND ").append(conds.get(i));
      }
      page.append(" ORDER BY ").append(orderBy("q", sort, refDir));
    }
    page.append(" OFFSET ")
        .bind(r.offset())
        .append(" ROWS FETCH NEXT ")
        .bind(r.limit())
        .append(" ROWS ONLY");
    String outerOrder = sort.isEmpty() ? "p.ref ASC" : orderBy("p", sort, refDir);
    return new Sql()
        .append("SELECT p.ref, p.sv0, e.body FROM (")
        .append(page)
        .append(") p JOIN gr_entities e ON e.id = p.id ORDER BY " + outerOrder);
  }

  /**
   * The scan of an unsorted page driven by a conjunct (H2 only: PostgreSQL's queries have no
   * driver), without the derived table: the driver's rows are few (the driver is chosen only below
   * {@link JdbcEntityStore#PROBE_CAP} rows), and H2 reads an entity's inline body with its row
   * anyway, so joining the page back to {@code gr_entities} for the bodies only added a second
   * lookup per row and a derived table to plan on every execution. Same columns, order and paging
   * as {@link #scan}'s general form.
   */
  private static Sql flatScan(ScanRequest r, Split split) {
    Sql[] extra =
        r.after() == null
            ? new Sql[0]
            : new Sql[] {new Sql().append("e.ref > ").bind(r.after().ref())};
    return new Sql()
        .append("SELECT e.ref, CAST(NULL AS VARCHAR(1)) AS sv0, e.body")
        .append(fromWhere(split, r.fullText(), null, extra))
        .append(" ORDER BY e.ref ASC OFFSET ")
        .bind(r.offset())
        .append(" ROWS FETCH NEXT ")
        .bind(r.limit())
        .append(" ROWS ONLY");
  }

  private static String orderBy(String alias, List<SortField> sort, String refDir) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < sort.size(); i++) {
      sb.append(alias)
          .append(".sv")
          .append(i)
          .append(sort.get(i).descending() ? " DESC" : " ASC")
          .append(" NULLS LAST, ");
    }
    return sb.append(alias).append(".ref").append(refDir).toString();
  }

  /**
   * Strictly after {@code (value, ref)} in the order {@code sv0 <dir> NULLS LAST, ref <dir>}, as
   * explicit OR-terms: a row comparison {@code (sv0, ref) > (?, ?)} is not portable with nulls.
   */
  private static Sql keyset(ScanRequest.Keyset after, boolean desc, boolean required) {
    String cmp = desc ? " < " : " > ";
    Sql c = new Sql();
    if (after.sortValue() == null) {
      return c.append("(q.sv0 IS NULL AND q.ref" + cmp).bind(after.ref()).append(")");
    }
    c.append("(q.sv0" + cmp)
        .bind(after.sortValue())
        .append(" OR (q.sv0 = ")
        .bind(after.sortValue())
        .append(" AND q.ref" + cmp)
        .bind(after.ref())
        .append(")");
    if (!required) {
      c.append(" OR q.sv0 IS NULL");
    }
    return c.append(")");
  }
}
