package dev.greenroom.catalog.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Relation types and their inverses. {@link #defaults()} holds Backstage's pairs; hosts add their
 * own with {@link #with(String, String)}. Every registered type knows its inverse, in both
 * directions.
 */
public final class RelationTypes {
  public static final String OWNED_BY = "ownedBy";
  public static final String OWNER_OF = "ownerOf";
  public static final String CONSUMES_API = "consumesApi";
  public static final String API_CONSUMED_BY = "apiConsumedBy";
  public static final String PROVIDES_API = "providesApi";
  public static final String API_PROVIDED_BY = "apiProvidedBy";
  public static final String DEPENDS_ON = "dependsOn";
  public static final String DEPENDENCY_OF = "dependencyOf";
  public static final String PARENT_OF = "parentOf";
  public static final String CHILD_OF = "childOf";
  public static final String MEMBER_OF = "memberOf";
  public static final String HAS_MEMBER = "hasMember";
  public static final String PART_OF = "partOf";
  public static final String HAS_PART = "hasPart";

  /** Relation type names must match this, as Backstage's entity schema requires. */
  public static final Pattern TYPE_PATTERN = Pattern.compile("^\\w+$");

  private static final RelationTypes DEFAULTS =
      new RelationTypes(Map.of())
          .with(OWNED_BY, OWNER_OF)
          .with(CONSUMES_API, API_CONSUMED_BY)
          .with(PROVIDES_API, API_PROVIDED_BY)
          .with(DEPENDS_ON, DEPENDENCY_OF)
          .with(PARENT_OF, CHILD_OF)
          .with(MEMBER_OF, HAS_MEMBER)
          .with(PART_OF, HAS_PART);

  private final Map<String, String> inverses;

  private RelationTypes(Map<String, String> inverses) {
    this.inverses = inverses;
  }

  /** Backstage's built-in relation pairs. */
  public static RelationTypes defaults() {
    return DEFAULTS;
  }

  /**
   * A copy that also knows {@code type} and {@code inverse} as each other's inverse.
   *
   * @throws IllegalArgumentException if a name is not a word ({@code ^\w+$}) or is already paired
   *     with another type
   */
  public RelationTypes with(String type, String inverse) {
    for (String t : new String[] {type, inverse}) {
      if (!TYPE_PATTERN.matcher(t).matches()) {
        throw new IllegalArgumentException("Relation type \"" + t + "\" must match ^\\w+$");
      }
    }
    check(type, inverse);
    check(inverse, type);
    Map<String, String> copy = new LinkedHashMap<>(inverses);
    copy.put(type, inverse);
    copy.put(inverse, type);
    return new RelationTypes(Collections.unmodifiableMap(copy));
  }

  private void check(String type, String inverse) {
    String existing = inverses.get(type);
    if (existing != null && !existing.equals(inverse)) {
      throw new IllegalArgumentException(
          "Relation type " + type + " already has the inverse " + existing);
    }
  }

  /** The inverse of {@code type}, if the type is known. */
  public Optional<String> inverseOf(String type) {
    return Optional.ofNullable(inverses.get(type));
  }

  /** Every known type, with its inverse. */
  public Map<String, String> pairs() {
    return inverses;
  }
}
