package dev.greenroom.catalog.query;

import java.util.Objects;

/**
 * One ordering key: a dotted field path of the search index and a direction. Entities compare by
 * the smallest lower-cased value they hold for the field; ties break by canonical entity ref.
 *
 * @param field the dotted path, stored lower-cased
 * @param descending true for descending order
 */
public record SortField(String field, boolean descending) {
  public SortField {
    Objects.requireNonNull(field);
    field = SearchIndex.normalize(field);
  }

  /** Ascending by {@code field}. */
  public static SortField asc(String field) {
    return new SortField(field, false);
  }

  /** Descending by {@code field}. */
  public static SortField desc(String field) {
    return new SortField(field, true);
  }

  /** The same field in the other direction. */
  public SortField reversed() {
    return new SortField(field, !descending);
  }
}
