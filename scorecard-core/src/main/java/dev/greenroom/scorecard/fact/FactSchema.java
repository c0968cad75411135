package dev.greenroom.scorecard.fact;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.query.EntityFilters;
import dev.greenroom.catalog.query.EntityPredicate;
import dev.greenroom.scorecard.InvalidFactException;
import dev.greenroom.scorecard.internal.Filters;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The typed fields one retriever (or one push source) records, under its id and version.
 *
 * @param id the retriever id; facts and checks refer to it
 * @param version semver of schema and handler
 * @param title display title
 * @param description display description
 * @param entityFilter which entities the facts are about
 * @param fields the fields by name, in declaration order
 */
public record FactSchema(
    String id,
    String version,
    String title,
    String description,
    EntityPredicate entityFilter,
    Map<String, FactField> fields) {
  private static final java.util.Set<String> RESERVED = java.util.Set.of("id", "version", "entityFilter", "schema");
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,199}");

  /** Validates the parts. */
  public FactSchema {
    Objects.requireNonNull(id, "id");
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "invalid fact retriever id '" + id + "' (letters, digits, _ . -; at most 200)");
    }
    Objects.requireNonNull(version, "version");
    title = title == null ? id : title;
    description = description == null ? "" : description;
    Objects.requireNonNull(entityFilter, "entityFilter");
    fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
  }

  /** A schema from a list of fields. */
  public static FactSchema of(
      String id, String version, EntityPredicate entityFilter, List<FactField> fields) {
    Map<String, FactField> m = new LinkedHashMap<>();
    for (FactField f : fields) {
      if (m.put(f.name(), f) != null) {
        throw new IllegalArgumentException("fact schema " + id + " declares " + f.name() + " twice");
      }
    }
    return new FactSchema(id, version, id, "", entityFilter, m);
  }

  /** The schema a retriever declares. */
  public static FactSchema of(FactRetriever r) {
    FactSchema s = of(r.id(), r.version(), r.entityFilter(), r.schema());
    return new FactSchema(s.id, s.version, r.title(), r.description(), s.entityFilter, s.fields);
  }

  /** One field, or null. */
  public @Nullable FactField field(String name) {
    return fields.get(name);
  }

  /**
   * Checks values against the fields: every key must be a field, every value of the field's type
   * (null is allowed and means "unknown").
   *
   * @throws InvalidFactException naming the retriever, entity and field
   */
  public void validate(EntityRef entity, JsonNode values) {
    if (!values.isObject()) {
      throw new InvalidFactException(
          "facts of " + id + " for " + entity + " must be an object of fact name to value");
    }
    for (Map.Entry<String, JsonNode> e : values.properties()) {
      FactField f = fields.get(e.getKey());
      if (f == null) {
        throw new InvalidFactException(
            "fact "
                + e.getKey()
                + " for "
                + entity
                + " is not in the schema of "
                + id
                + " (known: "
                + String.join(", ", fields.keySet())
                + ")");
      }
      if (e.getValue().isNull()) {
        continue;
      }
      String bad = f.type().mismatch(e.getValue());
      if (bad != null) {
        throw new InvalidFactException(
            "fact " + id + "." + e.getKey() + " for " + entity + ": " + bad);
      }
    }
  }

  /** Tech Insights' {@code /fact-schemas} element: id, version, entityFilter and the fields. */
  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.put("id", id);
    o.put("version", version);
    if (Filters.isMatchAll(entityFilter)) {
      o.putNull("entityFilter");
    } else {
      o.set("entityFilter", EntityFilters.toJson(entityFilter));
    }
    ObjectNode schema = o.putObject("schema");
    for (FactField f : fields.values()) {
      ObjectNode fo = Json.object();
      fo.put("type", f.type().schemaName());
      fo.put("description", f.description());
      schema.set(f.name(), fo);
      if (!RESERVED.contains(f.name())) {
        o.set(f.name(), fo.deepCopy()); // Tech Insights spreads the fields next to id and version
      }
    }
    return o;
  }
}
