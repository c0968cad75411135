package dev.greenroom.catalog.store;

import dev.greenroom.catalog.query.EntityPredicate;
import dev.greenroom.catalog.query.FullTextFilter;
import dev.greenroom.catalog.query.SortField;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The one read primitive behind every list query: filter, order, then skip and take.
 *
 * <p>Order: by each {@link SortField} in turn (an entity's value for a field is the smallest
 * lower-cased value it holds), then by canonical entity ref in the direction of the first sort
 * field (ascending when there is none). Entities without a value for a sort field come last, or
 * are left out entirely when {@code requireSortValue} is set (Backstage's by-query semantics).
 *
 * @param filter which entities
 * @param fullText an optional full-text filter
 * @param sort the order; at most one field when {@code after} is set
 * @param requireSortValue leave out entities lacking a value for the (first) sort field
 * @param after start strictly after this position in the order (keyset paging), or null
 * @param offset rows to skip after {@code after}
 * @param limit most rows to return; 0 returns none
 */
public record ScanRequest(
    EntityPredicate filter,
    @Nullable FullTextFilter fullText,
    List<SortField> sort,
    boolean requireSortValue,
    @Nullable Keyset after,
    int offset,
    int limit) {

  public ScanRequest {
    Objects.requireNonNull(filter);
    sort = List.copyOf(sort);
    if (after != null && sort.size() > 1) {
      throw new IllegalArgumentException("keyset paging supports at most one sort field");
    }
    if (offset < 0 || limit < 0) {
      throw new IllegalArgumentException("offset and limit must be zero or greater");
    }
  }

  /** Every entity matching {@code filter}, in ref order, up to {@code limit}. */
  public static ScanRequest of(EntityPredicate filter, int limit) {
    return new ScanRequest(filter, null, List.of(), false, null, 0, limit);
  }

  /**
   * A position in a scan's order.
   *
   * @param sortValue the lower-cased value of the sort field at that position (null when there is
   *     no sort field)
   * @param ref the canonical ref at that position
   */
  public record Keyset(@Nullable String sortValue, String ref) {}
}
