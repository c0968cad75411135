package dev.greenroom.catalog.query;

import java.util.List;
import java.util.Objects;

/**
 * A filter over entities, with the semantics of Backstage's filter predicates: field expressions
 * match rows of the {@link SearchIndex}; keys and values compare case-insensitively.
 *
 * <p>Build them with the static factories, parse them with {@link EntityFilters}. Legacy filters
 * ({@code filter=kind=component,spec.type=service}) translate to {@code any(all(...), ...)}.
 */
public sealed interface EntityPredicate {

  /** Matches every entity. */
  static EntityPredicate matchAll() {
    return All.EMPTY;
  }

  /** True when every predicate matches; {@code all()} matches everything. */
  static EntityPredicate all(List<EntityPredicate> predicates) {
    return new All(List.copyOf(predicates));
  }

  /** True when any predicate matches; {@code any()} matches nothing. */
  static EntityPredicate any(List<EntityPredicate> predicates) {
    return new Any(List.copyOf(predicates));
  }

  /** Negation. */
  static EntityPredicate not(EntityPredicate predicate) {
    return new Not(predicate);
  }

  /** The field has a row whose value equals {@code value}, ignoring case. */
  static EntityPredicate eq(String key, String value) {
    return new Field(key, new ValueMatch.Equals(SearchIndex.normalize(value)));
  }

  /** The field has a row whose value is one of {@code values}, ignoring case. */
  static EntityPredicate in(String key, List<String> values) {
    return new Field(key, new ValueMatch.In(values.stream().map(SearchIndex::normalize).toList()));
  }

  /** The field has (or, with false, has no) row at all, null values included. */
  static EntityPredicate exists(String key, boolean exists) {
    return new Field(key, new ValueMatch.Exists(exists));
  }

  /** The field has a row whose value starts with {@code prefix}, ignoring case. */
  static EntityPredicate hasPrefix(String key, String prefix) {
    return new Field(key, new ValueMatch.HasPrefix(SearchIndex.normalize(prefix)));
  }

  /** Conjunction; an empty list matches every entity. */
  record All(List<EntityPredicate> predicates) implements EntityPredicate {
    static final All EMPTY = new All(List.of());

    public All {
      predicates = List.copyOf(predicates);
    }
  }

  /** Disjunction; an empty list matches no entity. */
  record Any(List<EntityPredicate> predicates) implements EntityPredicate {
    public Any {
      predicates = List.copyOf(predicates);
    }
  }

  /** Negation. */
  record Not(EntityPredicate predicate) implements EntityPredicate {
    public Not {
      Objects.requireNonNull(predicate);
    }
  }

  /**
   * A test of one search key.
   *
   * @param key the dotted field path; stored lower-cased
   * @param match what the values must satisfy
   */
  record Field(String key, ValueMatch match) implements EntityPredicate {
    public Field {
      key = SearchIndex.normalize(key);
      Objects.requireNonNull(match);
    }
  }

  /** What the values of one key must satisfy. Values are lower-cased already. */
  sealed interface ValueMatch {
    /** A row with exactly this value. */
    record Equals(String value) implements ValueMatch {}

    /** A row with one of these values. */
    record In(List<String> values) implements ValueMatch {
      public In {
        values = List.copyOf(values);
      }
    }

    /** A row exists (true) or none exists (false). */
    record Exists(boolean exists) implements ValueMatch {}

    /** A row whose value starts with the prefix. */
    record HasPrefix(String prefix) implements ValueMatch {}
  }
}
