package dev.greenroom.scorecard.internal;

import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.query.EntityFilters;
import dev.greenroom.catalog.query.EntityPredicate;
import dev.greenroom.catalog.query.InvalidQueryException;
import dev.greenroom.catalog.query.SearchIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Entity filters as definitions write them, and their in-memory evaluation.
 *
 * <ul>
 *   <li>a string: the catalog's filter syntax ({@code kind=component,spec.type=service});
 *   <li>an object: Tech Insights' {@code { kind: component, 'spec.type': [service, website] }}, each
 *       key must match, an array matches any of its values;
 *   <li>an array of either: any element matches;
 *   <li>absent or null: every entity.
 * </ul>
 */
public final class Filters {
  private Filters() {}

  /**
   * Parses a filter.
   *
   * @throws IllegalArgumentException with the reason
   */
  public static EntityPredicate parse(@Nullable JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return EntityPredicate.matchAll();
    }
    try {
      if (node.isString()) {
        return EntityFilters.parseLegacy(List.of(node.stringValue()));
      }
      if (node.isArray()) {
        List<EntityPredicate> any = new ArrayList<>();
        for (JsonNode n : node) {
          any.add(parse(n));
        }
        return EntityPredicate.any(any);
      }
      if (node.isObject()) {
        List<EntityPredicate> all = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
          JsonNode v = e.getValue();
          if (v.isArray()) {
            List<String> values = new ArrayList<>();
            for (JsonNode x : v) {
              values.add(scalar(e.getKey(), x));
            }
            all.add(EntityPredicate.in(e.getKey(), values));
          } else {
            all.add(EntityPredicate.eq(e.getKey(), scalar(e.getKey(), v)));
          }
        }
        return EntityPredicate.all(all);
      }
    } catch (InvalidQueryException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    throw new IllegalArgumentException("a filter must be a string, an object or an array");
  }

  private static String scalar(String key, JsonNode v) {
    if (v.isString() || v.isNumber() || v.isBoolean()) {
      return v.asString();
    }
    throw new IllegalArgumentException("filter value of '" + key + "' must be a string");
  }

  /** True when the entity matches. Computes the entity's search rows; prefer {@link #index}. */
  public static boolean matches(EntityPredicate p, Entity entity) {
    if (isMatchAll(p)) {
      return true;
    }
    return EntityFilters.matches(p, index(entity));
  }

  /** The entity's search index, for several {@link EntityFilters#matches} calls. */
  public static Map<String, List<String>> index(Entity entity) {
    return EntityFilters.indexOf(SearchIndex.rows(entity));
  }

  /** True for a predicate that matches everything without looking. */
  public static boolean isMatchAll(EntityPredicate p) {
    return p instanceof EntityPredicate.All a && a.predicates().isEmpty();
  }
}
