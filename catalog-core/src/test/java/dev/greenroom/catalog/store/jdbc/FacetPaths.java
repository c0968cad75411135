package dev.greenroom.catalog.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.query.EntityPredicate;
import dev.greenroom.catalog.query.FacetCount;
import dev.greenroom.catalog.query.SearchIndex;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** Checks that a JDBC store's facet counts and computed facets agree. */
final class FacetPaths {
  private FacetPaths() {}

  /**
   * Asserts that the counts answered (when every key is maintained and the filter is none or on
   * kind alone) and that they equal the facets computed from the search table.
   */
  static void check(JdbcEntityStore store, List<String> givenKeys, EntityPredicate filter) {
    List<String> keys = new ArrayList<>(new TreeSet<>(givenKeys.stream().map(SearchIndex::normalize).toList()));
    Map<String, List<FacetCount>> counted = store.countedFacets(keys, filter);
    boolean servable =
        JdbcOptions.DEFAULT_FACET_KEYS.containsAll(keys)
            && (filter.equals(EntityPredicate.matchAll()) || FacetCounts.kinds(filter) != null);
    assertThat(counted != null).as("counts answer %s %s", keys, filter).isEqualTo(servable);
    if (counted != null) {
      assertThat(sorted(counted)).as("counts of %s %s", keys, filter)
          .isEqualTo(sorted(store.computedFacets(keys, filter)));
    }
  }

  static Map<String, List<FacetCount>> sorted(Map<String, List<FacetCount>> m) {
    Map<String, List<FacetCount>> out = new TreeMap<>();
    m.forEach((k, v) -> {
      List<FacetCount> l = new ArrayList<>(v);
      l.sort(Comparator.comparing(FacetCount::value));
      if (!l.isEmpty()) {
        out.put(k, l);
      }
    });
    return out;
  }
}
