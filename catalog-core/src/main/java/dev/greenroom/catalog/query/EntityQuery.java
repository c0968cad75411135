package dev.greenroom.catalog.query;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A first-page request of Backstage's cursor-paged entity query ({@code /entities/by-query}).
 * Following pages are fetched with the opaque cursor of an {@link EntityPage}.
 *
 * @param filter which entities
 * @param fromPredicate true when the filter came from a JSON predicate ({@code query}) rather than
 *     legacy {@code filter} parameters; cursors record the difference as Backstage's do
 * @param order the sort field, or null for canonical ref order; entities without a value for it
 *     are left out, as in Backstage
 * @param fullText optional full-text filter
 * @param projection which fields to return
 * @param limit page size, 0 or more (Backstage's default is 200)
 * @param offset rows to skip on the first page
 * @param includeTotal whether to count {@code totalItems} (counting costs a query)
 */
public record EntityQuery(
    EntityPredicate filter,
    boolean fromPredicate,
    @Nullable SortField order,
    @Nullable FullTextFilter fullText,
    EntityProjection projection,
    int limit,
    int offset,
    boolean includeTotal) {

  /** Backstage's default page size. */
  public static final int DEFAULT_LIMIT = 200;

  public EntityQuery {
    Objects.requireNonNull(filter);
    Objects.requireNonNull(projection);
    if (limit < 0) {
      throw new InvalidQueryException("Invalid limit, must be zero or greater");
    }
    if (offset < 0) {
      throw new InvalidQueryException("Invalid offset, must be zero or greater");
    }
  }

  /** Every entity matching {@code filter}, first page of the default size, with a total. */
  public static EntityQuery of(EntityPredicate filter) {
    return new EntityQuery(
        filter, true, null, null, EntityProjection.all(), DEFAULT_LIMIT, 0, true);
  }

  /** A copy with another sort field. */
  public EntityQuery withOrder(@Nullable SortField order) {
    return new EntityQuery(
        filter, fromPredicate, order, fullText, projection, limit, offset, includeTotal);
  }

  /** A copy with another page size. */
  public EntityQuery withLimit(int limit) {
    return new EntityQuery(
        filter, fromPredicate, order, fullText, projection, limit, offset, includeTotal);
  }

  /** A copy with a full-text filter. */
  public EntityQuery withFullText(@Nullable FullTextFilter fullText) {
    return new EntityQuery(
        filter, fromPredicate, order, fullText, projection, limit, offset, includeTotal);
  }

  /** A copy with a projection. */
  public EntityQuery withProjection(EntityProjection projection) {
    return new EntityQuery(
        filter, fromPredicate, order, fullText, projection, limit, offset, includeTotal);
  }

  /** A copy that does or does not count {@code totalItems}. */
  public EntityQuery withTotal(boolean includeTotal) {
    return new EntityQuery(
        filter, fromPredicate, order, fullText, projection, limit, offset, includeTotal);
  }

  /** A copy with a first-page offset. */
  public EntityQuery withOffset(int offset) {
    return new EntityQuery(
        filter, fromPredicate, order, fullText, projection, limit, offset, includeTotal);
  }

  /** The full-text fields in effect: as given, else the sort field, else {@code metadata.uid}. */
  public @Nullable FullTextFilter effectiveFullText() {
    if (fullText == null || fullText.term().isEmpty()) {
      return null;
    }
    if (!fullText.fields().isEmpty()) {
      return fullText;
    }
    return new FullTextFilter(
        fullText.term(), List.of(order != null ? order.field() : "metadata.uid"));
  }
}
