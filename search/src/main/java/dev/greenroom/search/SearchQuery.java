package dev.greenroom.search;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One query, as Backstage's {@code GET /api/search/query} takes it.
 *
 * @param term the user's words; blank matches every document
 * @param types the types to search ({@code software-catalog}, {@code techdocs}); empty for all
 * @param filters field name to accepted values (any of them); a document matches when it has every
 *     named field with one of its values (compared without case)
 * @param pageCursor the cursor of a previous answer, or null for the first page
 * @param pageLimit results per page, or null for the default (25)
 */
public record SearchQuery(
    String term,
    List<String> types,
    Map<String, List<String>> filters,
    @Nullable String pageCursor,
    @Nullable Integer pageLimit) {
  public SearchQuery {
    Objects.requireNonNull(term, "term");
    types = List.copyOf(types);
    Map<String, List<String>> copy = new LinkedHashMap<>();
    filters.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    filters = java.util.Collections.unmodifiableMap(copy);
  }

  /** A first-page query for {@code term} over every type. */
  public static SearchQuery of(String term) {
    return new SearchQuery(term, List.of(), Map.of(), null, null);
  }
}
