package dev.greenroom.http.catalog;

import dev.greenroom.catalog.Catalog;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.model.InvalidEntityRefException;
import dev.greenroom.catalog.model.Relation;
import dev.greenroom.catalog.model.RelationTypes;
import dev.greenroom.catalog.query.EntityFilters;
import dev.greenroom.catalog.query.SearchIndex;
import dev.greenroom.catalog.query.SearchRow;
import dev.greenroom.http.auth.PermissionResource;
import dev.greenroom.http.auth.PermissionRule;
import dev.greenroom.http.auth.RuleParams;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The catalog's permission rules on {@code catalog-entity} resources, with Backstage's names,
 * parameters and meaning ({@code plugin-catalog-backend} {@code permissions/rules}): {@code
 * IS_ENTITY_OWNER} ({@code claims}: an {@code ownedBy} relation to one of them), {@code
 * IS_ENTITY_KIND} ({@code kinds}, any case), {@code HAS_ANNOTATION} and {@code HAS_LABEL} ({@code
 * annotation}/{@code label}, optional {@code value}), {@code HAS_METADATA} and {@code HAS_SPEC}
 * ({@code key}, optional {@code value}, compared as the catalog's search index does: lower-cased,
 * dotted paths). Greenroom adds {@code GREENROOM_ENTITY_FILTER} ({@code filter}: a catalog
 * predicate as JSON), the rule of the conditional answers of {@code /api/permission/authorize}.
 */
public final class CatalogPermissionRules {
  /** Backstage's resource type of catalog entities. */
  public static final String RESOURCE_TYPE = "catalog-entity";

  private CatalogPermissionRules() {}

  /** The built-in rules, in Backstage's order, then Greenroom's filter rule. */
  public static List<PermissionRule<Entity>> all() {
    return List.of(IS_ENTITY_OWNER, IS_ENTITY_KIND, HAS_ANNOTATION, HAS_LABEL,
        property("metadata"), property("spec"), ENTITY_FILTER);
  }

  /** The {@code catalog-entity} resource: the built-in rules, entities read from {@code catalog}. */
  public static PermissionResource<Entity> resource(Catalog catalog) {
    return PermissionResource.of(RESOURCE_TYPE, all(), ref -> entity(catalog, ref));
  }

  private static Optional<Entity> entity(Catalog catalog, String ref) {
    try {
      return catalog.entity(EntityRef.parse(ref));
    } catch (InvalidEntityRefException e) {
      return Optional.empty(); // as Backstage: a ref that names nothing is a denial
    }
  }

  private abstract static class Rule implements PermissionRule<Entity> {
    private final String name;
    private final String description;
    private final ObjectNode schema;

    Rule(String name, String description, ObjectNode schema) {
      this.name = name;
      this.description = description;
      this.schema = schema;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public String description() {
      return description;
    }

    @Override
    public ObjectNode paramsSchema() {
      return schema.deepCopy();
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static final PermissionRule<Entity> IS_ENTITY_OWNER = new Rule("IS_ENTITY_OWNER",
      "Allow entities owned by a specified claim",
      RuleParams.schema(List.of("claims"), "claims", "string[]",
          "List of claims to match at least one on within ownedBy")) {
    @Override
    public boolean apply(Entity entity, ObjectNode params) {
      Set<String> claims = RuleParams.strings(params, "claims").stream()
          .map(c -> c.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
      for (Relation r : entity.relations()) {
        if (r.type().equals(RelationTypes.OWNED_BY)
            && claims.contains(r.targetRef().toString().toLowerCase(Locale.ROOT))) {
          return true;
        }
      }
      return false;
    }
  };

  static final PermissionRule<Entity> IS_ENTITY_KIND = new Rule("IS_ENTITY_KIND",
      "Allow entities matching a specified kind",
      RuleParams.schema(List.of("kinds"), "kinds", "string[]",
          "List of kinds to match at least one of")) {
    @Override
    public boolean apply(Entity entity, ObjectNode params) {
      String kind = entity.kind().toLowerCase(Locale.ROOT);
      return RuleParams.strings(params, "kinds").stream()
          .anyMatch(k -> k.toLowerCase(Locale.ROOT).equals(kind));
    }
  };

  static final PermissionRule<Entity> HAS_ANNOTATION = keyValue("HAS_ANNOTATION", "annotation",
      "Allow entities with the specified annotation", "Name of the annotation to match on",
      "Value of the annotation to match on", e -> e.metadata().annotations());

  static final PermissionRule<Entity> HAS_LABEL = keyValue("HAS_LABEL", "label",
      "Allow entities with the specified label", "Name of the label to match on",
      "Value of the label to match on", e -> e.metadata().labels());

  /** Backstage's annotation and label rules: an exact key first, then any case. */
  private static PermissionRule<Entity> keyValue(String name, String param, String description,
      String keyText, String valueText,
      java.util.function.Function<Entity, Map<String, String>> map) {
    return new Rule(name, description,
        RuleParams.schema(List.of(param), param, "string", keyText, "value", "string", valueText)) {
      @Override
      public boolean apply(Entity entity, ObjectNode params) {
        String key = RuleParams.string(params, param);
        @Nullable String value = RuleParams.optionalString(params, "value");
        Map<String, String> m = map.apply(entity);
        if (m.containsKey(key) && (value == null || value.equals(m.get(key)))) {
          return true;
        }
        for (Map.Entry<String, String> e : m.entrySet()) {
          if (e.getKey().equalsIgnoreCase(key)
              && (value == null || e.getValue().equalsIgnoreCase(value))) {
            return true;
          }
        }
        return false;
      }
    };
  }

  /** Backstage's {@code createPropertyRule}: {@code HAS_METADATA}, {@code HAS_SPEC}. */
  private static PermissionRule<Entity> property(String field) {
    return new Rule("HAS_" + field.toUpperCase(Locale.ROOT),
        "Allow entities with the specified " + field + " subfield",
        RuleParams.schema(List.of("key"), "key", "string",
            "Property within the entities " + field + " to match on", "value", "string",
            "Value of the given property to match on")) {
      @Override
      public boolean apply(Entity entity, ObjectNode params) {
        String key = (field + "." + RuleParams.string(params, "key")).toLowerCase(Locale.ROOT);
        @Nullable String value = RuleParams.optionalString(params, "value");
        String v = value == null ? null : value.toLowerCase(Locale.ROOT);
        for (SearchRow row : SearchIndex.rows(entity)) {
          if (row.key().equals(key) && (v == null || v.equals(row.value()))) {
            return true;
          }
        }
        return false;
      }
    };
  }

  static final PermissionRule<Entity> ENTITY_FILTER = new Rule(
      dev.greenroom.http.permission.PermissionApiPlugin.FILTER_RULE,
      "Allow entities matching a catalog filter (Greenroom's conditional answers)",
      RuleParams.schema(List.of("filter"), "filter", "object",
          "A catalog filter predicate ({allOf|anyOf|not|{key: value}})")) {
    @Override
    public boolean apply(Entity entity, ObjectNode params) {
      JsonNode filter = params.get("filter");
      if (filter == null || !filter.isObject()) {
        throw new IllegalArgumentException("params.filter must be an object");
      }
      dev.greenroom.catalog.query.EntityPredicate p;
      try {
        p = EntityFilters.parsePredicate(filter);
      } catch (dev.greenroom.catalog.query.InvalidQueryException e) {
        throw new IllegalArgumentException("params.filter: " + e.getMessage(), e);
      }
      return EntityFilters.matches(p, EntityFilters.indexOf(SearchIndex.rows(entity)));
    }
  };
}
