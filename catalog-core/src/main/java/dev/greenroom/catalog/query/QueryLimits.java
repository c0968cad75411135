package dev.greenroom.catalog.query;

import dev.greenroom.catalog.query.EntityPredicate.All;
import dev.greenroom.catalog.query.EntityPredicate.Any;
import dev.greenroom.catalog.query.EntityPredicate.Field;
import dev.greenroom.catalog.query.EntityPredicate.Not;
import dev.greenroom.catalog.query.EntityPredicate.ValueMatch;
import java.util.List;

/**
 * Caps on the size of one query, so that one request cannot keep the database busy for minutes:
 * each condition of a filter becomes a subquery of its own, and a thousand OR-ed {@code filter}
 * parameters (a 39 KB URL) took 78 s on PostgreSQL. Past a cap the check throws {@link
 * InvalidQueryException} naming the parameter and the limit (HTTP 400). The defaults are far above
 * what Backstage's UIs send (a handful of conditions in one or two filter sets).
 *
 * <pre>{@code
 * QueryLimits limits = QueryLimits.defaults().withMaxFilterSets(20);
 * }</pre>
 *
 * @param maxFilterSets legacy {@code filter} parameters in one request (each is one OR-ed set)
 * @param maxConditions field tests in one filter, all sets or predicate branches together (each
 *     {@code key=value} part with a key of its own, each JSON field test)
 * @param maxValues values in one filter, all conditions together ({@code key=value} parts,
 *     {@code $in} items)
 * @param maxDepth nesting of {@code $all}, {@code $any} and {@code $not}
 * @param maxFullTextTermLength characters of a full-text search term
 * @param maxFullTextFields fields a full-text search looks in
 * @param maxFields paths of a {@code fields} projection
 * @param maxOrderFields sort fields ({@code order}, {@code orderField}, {@code orderBy})
 * @param maxFacets facets asked for in one request
 */
public record QueryLimits(
    int maxFilterSets,
    int maxConditions,
    int maxValues,
    int maxDepth,
    int maxFullTextTermLength,
    int maxFullTextFields,
    int maxFields,
    int maxOrderFields,
    int maxFacets) {

  private static final QueryLimits DEFAULTS = new QueryLimits(100, 200, 5_000, 32, 1_000, 50, 100, 10, 100);

  /** @throws IllegalArgumentException for a limit below 1 */
  public QueryLimits {
    int[] all = {
      maxFilterSets, maxConditions, maxValues, maxDepth, maxFullTextTermLength,
      maxFullTextFields, maxFields, maxOrderFields, maxFacets
    };
    for (int v : all) {
      if (v < 1) {
        throw new IllegalArgumentException("query limits must be at least 1: " + v);
      }
    }
  }

  /**
   * 100 filter sets, 200 conditions, 5,000 values, depth 32, full-text terms of 1,000 characters
   * over at most 50 fields, 100 projected fields, 10 sort fields, 100 facets.
   */
  public static QueryLimits defaults() {
    return DEFAULTS;
  }

  /** The same limits with another cap on legacy {@code filter} parameters. */
  public QueryLimits withMaxFilterSets(int n) {
    return new QueryLimits(n, maxConditions, maxValues, maxDepth, maxFullTextTermLength,
        maxFullTextFields, maxFields, maxOrderFields, maxFacets);
  }

  /** The same limits with another cap on conditions per filter. */
  public QueryLimits withMaxConditions(int n) {
    return new QueryLimits(maxFilterSets, n, maxValues, maxDepth, maxFullTextTermLength,
        maxFullTextFields, maxFields, maxOrderFields, maxFacets);
  }

  /** The same limits with another cap on values per filter. */
  public QueryLimits withMaxValues(int n) {
    return new QueryLimits(maxFilterSets, maxConditions, n, maxDepth, maxFullTextTermLength,
        maxFullTextFields, maxFields, maxOrderFields, maxFacets);
  }

  /** The same limits with another cap on the length of full-text terms. */
  public QueryLimits withMaxFullTextTermLength(int n) {
    return new QueryLimits(maxFilterSets, maxConditions, maxValues, maxDepth, n,
        maxFullTextFields, maxFields, maxOrderFields, maxFacets);
  }

  /**
   * Checks legacy {@code filter} parameters before they are parsed: at most {@link
   * #maxFilterSets()} parameters and {@link #maxValues()} {@code key=value} parts.
   *
   * @param parameter the parameter's name, for the message
   * @throws InvalidQueryException past a limit
   */
  public void checkLegacyFilter(String parameter, List<String> filterParams) {
    if (filterParams.size() > maxFilterSets) {
      throw tooMany(parameter, filterParams.size(), "filter parameters", maxFilterSets);
    }
    long parts = 0;
    for (String p : filterParams) {
      for (int i = 0; i < p.length(); i++) {
        if (p.charAt(i) == ',') {
          parts++;
        }
      }
      parts++;
    }
    if (parts > maxValues) {
      throw tooMany(parameter, parts, "key=value parts", maxValues);
    }
  }

  /**
   * Checks a parsed filter: conditions, values and nesting.
   *
   * @param parameter where the filter came from ({@code filter}, {@code query}, {@code cursor})
   * @throws InvalidQueryException past a limit
   */
  public void checkPredicate(String parameter, EntityPredicate predicate) {
    long[] counts = new long[2]; // conditions, values
    walk(parameter, predicate, 1, counts);
  }

  private void walk(String parameter, EntityPredicate p, int depth, long[] counts) {
    if (depth > maxDepth) {
      throw new InvalidQueryException(
          "Invalid " + parameter + ": the filter is nested too deeply, at most " + maxDepth
              + " levels are allowed");
    }
    if (p instanceof All a) {
      for (EntityPredicate x : a.predicates()) {
        walk(parameter, x, depth + 1, counts);
      }
    } else if (p instanceof Any a) {
      for (EntityPredicate x : a.predicates()) {
        walk(parameter, x, depth + 1, counts);
      }
    } else if (p instanceof Not n) {
      walk(parameter, n.predicate(), depth + 1, counts);
    } else {
      Field f = (Field) p;
      counts[0]++;
      counts[1] += f.match() instanceof ValueMatch.In in ? in.values().size() : 1;
      if (counts[0] > maxConditions) {
        throw tooMany(parameter, "conditions", maxConditions);
      }
      if (counts[1] > maxValues) {
        throw tooMany(parameter, "values", maxValues);
      }
    }
  }

  /**
   * Checks a full-text search: term length and fields.
   *
   * @throws InvalidQueryException past a limit
   */
  public void checkFullText(String parameter, FullTextFilter fullText) {
    if (fullText.term().length() > maxFullTextTermLength) {
      throw new InvalidQueryException(
          "Invalid " + parameter + ": the search term has " + fullText.term().length()
              + " characters, at most " + maxFullTextTermLength + " are allowed");
    }
    if (fullText.fields().size() > maxFullTextFields) {
      throw tooMany(parameter, fullText.fields().size(), "full-text fields", maxFullTextFields);
    }
  }

  /**
   * Checks {@code fields} values (each may hold comma-separated paths).
   *
   * @throws InvalidQueryException past {@link #maxFields()} paths
   */
  public void checkFields(String parameter, List<String> fields) {
    long n = 0;
    for (String f : fields) {
      for (String part : f.split(",")) {
        if (!part.isBlank()) {
          n++;
        }
      }
    }
    if (n > maxFields) {
      throw tooMany(parameter, n, "fields", maxFields);
    }
  }

  /**
   * Checks the number of sort fields.
   *
   * @throws InvalidQueryException past {@link #maxOrderFields()}
   */
  public void checkOrder(String parameter, int count) {
    if (count > maxOrderFields) {
      throw tooMany(parameter, count, "sort fields", maxOrderFields);
    }
  }

  /**
   * Checks the number of facets.
   *
   * @throws InvalidQueryException past {@link #maxFacets()}
   */
  public void checkFacets(String parameter, int count) {
    if (count > maxFacets) {
      throw tooMany(parameter, count, "facets", maxFacets);
    }
  }

  private static InvalidQueryException tooMany(String parameter, long count, String what, int max) {
    return new InvalidQueryException(
        "Invalid " + parameter + ": too many " + what + " (" + count + "), at most " + max
            + " are allowed");
  }

  private static InvalidQueryException tooMany(String parameter, String what, int max) {
    return new InvalidQueryException(
        "Invalid " + parameter + ": too many " + what + ", at most " + max + " are allowed");
  }
}
