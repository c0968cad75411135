package dev.greenroom.catalog.query;

import java.util.List;

/**
 * Backstage's full-text filter: an entity matches when any of its index values for one of the
 * fields contains the term, ignoring case.
 *
 * @param term the text to find; stored trimmed and lower-cased
 * @param fields the dotted paths to search; stored lower-cased
 */
public record FullTextFilter(String term, List<String> fields) {
  public FullTextFilter {
    term = SearchIndex.normalize(term.trim());
    fields = fields.stream().map(SearchIndex::normalize).toList();
  }
}
