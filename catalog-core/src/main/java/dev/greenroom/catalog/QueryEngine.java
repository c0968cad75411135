package dev.greenroom.catalog;

import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.query.EntityPage;
import dev.greenroom.catalog.query.EntityProjection;
import dev.greenroom.catalog.query.EntityQuery;
import dev.greenroom.catalog.query.FullTextFilter;
import dev.greenroom.catalog.query.QueryCursor;
import dev.greenroom.catalog.query.SortField;
import dev.greenroom.catalog.store.EntityStore;
import dev.greenroom.catalog.store.ScanRequest;
import dev.greenroom.catalog.store.ScanRequest.Keyset;
import dev.greenroom.catalog.store.ScanResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Cursor paging with Backstage's semantics on top of {@link EntityStore#scan}: keyset pages in
 * both directions, one extra row fetched to know whether another page exists, {@code totalItems}
 * counted on the first page only and carried in the cursor.
 */
final class QueryEngine {
  private final EntityStore store;

  QueryEngine(EntityStore store) {
    this.store = store;
  }

  EntityPage first(EntityQuery q) {
    FullTextFilter ft = q.effectiveFullText();
    List<SortField> sort = q.order() == null ? List.of() : List.of(q.order());
    boolean require = q.order() != null;
    long total =
        q.includeTotal() ? store.count(new ScanRequest(q.filter(), ft, sort, require, null, 0, 0)) : 0;
    if (q.limit() == 0) {
      return new EntityPage(List.of(), q.projection(), total, null, null);
    }
    ScanResult r =
        store.scan(new ScanRequest(q.filter(), ft, sort, require, null, q.offset(), q.limit() + 1));
    boolean more = r.entities().size() > q.limit();
    int n = Math.min(q.limit(), r.entities().size());
    Keyset first = null;
    if (q.offset() == 0 && n > 0) {
      first = r.positions().get(0);
    }
    String next = null;
    if (more) {
      Keyset at = r.positions().get(n - 1);
      next = cursor(q.filter(), q.fromPredicate(), q.order(), ft, at, false, first, total).encode();
    }
    return new EntityPage(r.entities().subList(0, n), q.projection(), total, next, null);
  }

  EntityPage next(QueryCursor c, int limit, EntityProjection projection) {
    if (limit == 0) {
      return new EntityPage(List.of(), projection, c.totalItems(), null, null);
    }
    SortField order = c.order();
    Keyset boundary = new Keyset(c.afterValue(), c.afterRef());
    Keyset first = c.firstRef() == null ? null : new Keyset(c.firstValue(), c.firstRef());
    List<SortField> sort = order == null ? List.of() : List.of(c.isPrevious() ? order.reversed() : order);
    ScanResult r =
        store.scan(
            new ScanRequest(c.filter(), c.fullText(), sort, order != null, boundary, 0, limit + 1));
    boolean more = r.entities().size() > limit;
    int n = Math.min(limit, r.entities().size());
    List<Entity> rows = new ArrayList<>(r.entities().subList(0, n));
    List<Keyset> positions = new ArrayList<>(r.positions().subList(0, n));
    String next;
    String prev;
    if (c.isPrevious()) {
      Collections.reverse(rows);
      Collections.reverse(positions);
      next = n == 0 ? null : cursor(c, positions.get(n - 1), false, first).encode();
      prev = more && n > 0 ? cursor(c, positions.get(0), true, first).encode() : null;
    } else {
      next = more ? cursor(c, positions.get(n - 1), false, first).encode() : null;
      boolean atStart = n == 0 || (first != null && Objects.equals(first, positions.get(0)));
      prev = atStart ? null : cursor(c, positions.get(0), true, first).encode();
    }
    return new EntityPage(rows, projection, c.totalItems(), next, prev);
  }

  private static QueryCursor cursor(QueryCursor c, Keyset at, boolean previous, @Nullable Keyset first) {
    return cursor(c.filter(), c.fromPredicate(), c.order(), c.fullText(), at, previous, first, c.totalItems());
  }

  private static QueryCursor cursor(
      dev.greenroom.catalog.query.EntityPredicate filter,
      boolean fromPredicate,
      @Nullable SortField order,
      @Nullable FullTextFilter ft,
      Keyset at,
      boolean previous,
      @Nullable Keyset first,
      long total) {
    return new QueryCursor(
        filter,
        fromPredicate,
        order,
        ft,
        at.sortValue(),
        at.ref(),
        previous,
        first == null ? null : first.sortValue(),
        first == null ? null : first.ref(),
        total);
  }
}
