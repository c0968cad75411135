package dev.greenroom.search;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One page of results.
 *
 * @param results the page, best first
 * @param nextPageCursor the cursor of the next page, or null on the last
 * @param previousPageCursor the cursor of the previous page, or null on the first
 * @param numberOfResults every result the caller may see, across pages
 */
public record SearchResultSet(
    List<SearchResult> results,
    @Nullable String nextPageCursor,
    @Nullable String previousPageCursor,
    int numberOfResults) {
  public SearchResultSet {
    results = List.copyOf(results);
  }
}
