package dev.greenroom.catalog.validation;

import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.internal.EntityTrees;
import dev.greenroom.catalog.validation.internal.AjvErrors.AjvError;
import dev.greenroom.catalog.validation.internal.CompiledSchema;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Backstage's built-in entity policies, in the order of its default chain: {@link #schemaValid()},
 * {@link #defaultNamespace()}, {@link #noForeignRootFields()}, {@link #fieldFormat(Map)}.
 */
public final class EntityPolicies {
  private static final CompiledSchema ENTITY_SCHEMA =
      CompiledSchema.resource(EntityPolicies.class, "entity.schema.json");
  private static final EntityPolicy SCHEMA_VALID =
      entity -> ENTITY_SCHEMA.plainlyValid(EntityTrees.readOnly(entity))
          ? entity
          : enforceSchema(entity);
  private static final EntityPolicy SCHEMA_VALID_SLOW = EntityPolicies::enforceSchema;
  // An entity's namespace is absent, null or a string, so "not truthy" (Backstage's test) is
  // "absent, null or empty", which is when withDefaultNamespace sets it; it copies the root and
  // metadata objects only.
  private static final EntityPolicy DEFAULT_NAMESPACE = Entity::withDefaultNamespace;

  /** The fields an input entity may have at its root: apiVersion, kind, metadata, spec. */
  public static final Set<String> DEFAULT_KNOWN_ROOT_FIELDS =
      Set.of("apiVersion", "kind", "metadata", "spec");

  private EntityPolicies() {}

  /**
   * The full Entity schema (root allows apiVersion, kind, metadata, spec, relations, status; typed
   * metadata). Violation text: {@code Malformed envelope, <path> <message>}, first error only.
   */
  public static EntityPolicy schemaValid() {
    return SCHEMA_VALID;
  }

  /** {@link #schemaValid()} that always runs the schema (no fast path), for comparisons. */
  static EntityPolicy schemaValidWithoutFastPath() {
    return SCHEMA_VALID_SLOW;
  }

  /** Sets {@code metadata.namespace} to {@code default} when it is missing, null or empty. */
  public static EntityPolicy defaultNamespace() {
    return DEFAULT_NAMESPACE;
  }

  /** Rejects root fields other than apiVersion, kind, metadata, spec: {@code Unknown field <f>}. */
  public static EntityPolicy noForeignRootFields() {
    return noForeignRootFields(DEFAULT_KNOWN_ROOT_FIELDS);
  }

  /** Rejects root fields not in {@code knownFields}, in the entity's key order. */
  public static EntityPolicy noForeignRootFields(Set<String> knownFields) {
    Set<String> known = Set.copyOf(knownFields);
    return entity -> {
      for (String field : EntityTrees.readOnly(entity).propertyNames()) {
        if (!known.contains(field)) {
          throw new PolicyViolation(field, "foreign-root-field", "Unknown field " + field);
        }
      }
      return entity;
    };
  }

  /** The field-format policy with Backstage's default rules. */
  public static EntityPolicy fieldFormat() {
    return fieldFormat(Map.of());
  }

  /**
   * The field-format policy with some rules replaced. A replaced rule reports no expectation text
   * (as Backstage, which keys that text on the default function's name).
   */
  public static EntityPolicy fieldFormat(Map<FieldFormat, FieldValidator> overrides) {
    return new FieldFormatPolicy(overrides);
  }

  private static Entity enforceSchema(Entity entity) {
    List<AjvError> errors = ENTITY_SCHEMA.validate(EntityTrees.readOnly(entity));
    if (errors.isEmpty()) {
      return entity;
    }
    AjvError first = errors.get(0);
    throw new PolicyViolation(first.field(), "schema", "Malformed envelope, " + first.shortText());
  }

  /** JavaScript truthiness of a JSON value (missing counts as undefined). */
  static boolean truthy(@Nullable JsonNode v) {
    if (v == null || v.isMissingNode() || v.isNull()) {
      return false;
    }
    if (v.isString()) {
      return !v.stringValue().isEmpty();
    }
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    if (v.isNumber()) {
      double d = v.doubleValue();
      return d != 0 && !Double.isNaN(d);
    }
    return true;
  }

  /** Backstage's FieldFormatEntityPolicy. */
  private static final class FieldFormatPolicy implements EntityPolicy {
    private static final String ADR =
        " To learn more about catalog file format, visit:"
            + " https://github.com/backstage/backstage/blob/master/docs/architecture-decisions/adr002-default-catalog-file-format.md";
    private final Map<FieldFormat, FieldValidator> validators = new EnumMap<>(FieldFormat.class);
    private final Map<FieldFormat, @Nullable String> expectations = new EnumMap<>(FieldFormat.class);

    FieldFormatPolicy(Map<FieldFormat, FieldValidator> overrides) {
      for (FieldFormat f : FieldFormat.values()) {
        FieldValidator o = overrides.get(f);
        validators.put(f, o == null ? f.defaultValidator() : o);
        expectations.put(f, o == null ? f.expectation() : null);
      }
    }

    // Field names for messages are built only when a check fails: the happy path allocates
    // nothing.
    @Override
    public Entity enforce(Entity e) {
      ObjectNode entity = EntityTrees.readOnly(e);
      JsonNode meta = entity.path("metadata");
      require("apiVersion", "apiVersion", entity.get("apiVersion"), FieldFormat.API_VERSION);
      require("kind", "kind", entity.get("kind"), FieldFormat.KIND);
      require("metadata.name", "metadata.name", meta.get("name"), FieldFormat.ENTITY_NAME);
      JsonNode ns = meta.get("namespace");
      if (ns != null) {
        require("metadata.namespace", "metadata.namespace", ns, FieldFormat.NAMESPACE);
      }
      entries(meta.get("labels"), "labels", FieldFormat.LABEL_KEY, FieldFormat.LABEL_VALUE);
      entries(meta.get("annotations"), "annotations", FieldFormat.ANNOTATION_KEY,
          FieldFormat.ANNOTATION_VALUE);
      JsonNode tags = meta.get("tags");
      if (tags != null && tags.isArray()) {
        FieldValidator tag = validators.get(FieldFormat.TAG);
        for (int i = 0, n = tags.size(); i < n; i++) {
          JsonNode t = tags.get(i);
          if (!(t.isString() && tag.isValid(t.stringValue()))) {
            require("tags." + i, "metadata.tags." + i, t, FieldFormat.TAG);
          }
        }
      }
      JsonNode links = meta.get("links");
      if (links != null && links.isArray()) {
        for (int i = 0; i < links.size(); i++) {
          JsonNode link = links.get(i);
          JsonNode url = link.get("url");
          if (!(url != null && url.isString() && FieldValidators.isValidUrl(url.stringValue()))) {
            String bs = "links." + i;
            requireCommon(bs + ".url", "metadata." + bs + ".url", url,
                FieldValidators::isValidUrl, "a string that is a valid url");
          }
          nonEmpty(link.get("title"), i, ".title");
          nonEmpty(link.get("icon"), i, ".icon");
        }
      }
      return e;
    }

    private void entries(
        @Nullable JsonNode map, String section, FieldFormat keyFormat, FieldFormat valueFormat) {
      if (map == null || !map.isObject()) {
        return;
      }
      FieldValidator keys = validators.get(keyFormat);
      FieldValidator values = validators.get(valueFormat);
      for (Map.Entry<String, JsonNode> e : map.properties()) {
        String key = e.getKey();
        JsonNode value = e.getValue();
        boolean keyOk = keys.isValid(key);
        if (keyOk && value.isString() && values.isValid(value.stringValue())) {
          continue;
        }
        String bsField = section + "." + key;
        String field = "metadata." + bsField;
        if (!keyOk) {
          throw invalid(bsField, field, key, expectations.get(keyFormat));
        }
        require(bsField, field, value, valueFormat);
      }
    }

    private static void nonEmpty(@Nullable JsonNode value, int link, String suffix) {
      if (value != null
          && !(value.isString() && FieldValidators.isNonEmptyString(value.stringValue()))) {
        String bs = "links." + link + suffix;
        requireCommon(bs, "metadata." + bs, value, FieldValidators::isNonEmptyString,
            "a non empty string");
      }
    }

    private void require(String bsField, String field, @Nullable JsonNode value, FieldFormat f) {
      requireCommon(bsField, field, value, validators.get(f), expectations.get(f));
    }

    private static void requireCommon(
        String bsField,
        String field,
        @Nullable JsonNode value,
        FieldValidator validator,
        @Nullable String expectation) {
      if (value == null || value.isNull() || value.isMissingNode()) {
        throw new PolicyViolation(field, "field-format", bsField + " must have a value");
      }
      if (!value.isString() || !validator.isValid(value.stringValue())) {
        throw invalid(bsField, field, value.isString() ? value.stringValue() : value.toString(),
            expectation);
      }
    }

    private static PolicyViolation invalid(
        String bsField, String field, String value, @Nullable String expectation) {
      String exp =
          expectation == null ? "" : " expected " + expectation + " but found \"" + value + "\".";
      return new PolicyViolation(
          field, "field-format", "\"" + bsField + "\" is not valid;" + exp + ADR);
    }
  }
}
