package dev.greenroom.catalog.validation;

import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.internal.EntityTrees;
import dev.greenroom.catalog.validation.internal.AjvErrors.AjvError;
import dev.greenroom.catalog.validation.internal.CompiledSchema;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A {@link KindValidator} backed by a draft-07 JSON schema, with Backstage's rule for "not my
 * kind": if the schema reports errors at {@code /kind} or {@code /apiVersion} and all of them are
 * {@code enum} errors, the entity is not of this kind, whatever other errors there are; otherwise
 * the first error (in ajv order) makes it invalid.
 *
 * <p>Fast path: when the schema's top level (or a member of a top-level {@code allOf}) declares
 * {@code properties.kind.enum} and {@code properties.apiVersion.enum}, an entity whose string kind
 * or apiVersion is not listed is answered "not mine" without running the schema. This gives the
 * same answer, since the policy chain has already made both fields non-empty strings. Then, when
 * a cheap structural reading of the schema says the entity certainly passes (see {@code
 * internal.FastSchema}), it is accepted without running networknt; otherwise the schema decides,
 * so errors and their texts are always the schema's.
 */
public final class SchemaKindValidator implements KindValidator {
  private static final KindCheck ACCEPTED = KindCheck.accepted();
  private static final KindCheck NOT_MINE = KindCheck.notMine();

  private final String processorName;
  private final CompiledSchema schema;
  private final @Nullable Set<String> kinds;
  private final @Nullable Set<String> apiVersions;
  private final boolean fastPath;

  private SchemaKindValidator(String processorName, CompiledSchema schema, boolean fastPath) {
    this.processorName = processorName;
    this.schema = schema;
    this.kinds = enumOf(schema.source(), "kind");
    this.apiVersions = enumOf(schema.source(), "apiVersion");
    this.fastPath = fastPath;
  }

  private SchemaKindValidator(String processorName, CompiledSchema schema) {
    this(processorName, schema, true);
  }

  /** The same validator with every shortcut off: each entity runs the schema. For comparisons. */
  SchemaKindValidator withoutFastPath() {
    return new SchemaKindValidator(processorName, schema, false);
  }

  /** A validator from a schema tree, reported under {@code processorName}. */
  public static SchemaKindValidator of(String processorName, JsonNode schema) {
    return new SchemaKindValidator(processorName, CompiledSchema.of(schema));
  }

  /** A validator from a class-path resource relative to {@code anchor}. */
  public static SchemaKindValidator fromResource(
      String processorName, Class<?> anchor, String resource) {
    return new SchemaKindValidator(processorName, CompiledSchema.resource(anchor, resource));
  }

  private static @Nullable Set<String> enumOf(JsonNode schema, String field) {
    Set<String> found = enumAt(schema, field);
    JsonNode all = schema.get("allOf");
    if (found == null && all != null && all.isArray()) {
      for (JsonNode member : all) {
        found = enumAt(member, field);
        if (found != null) {
          break;
        }
      }
    }
    return found;
  }

  private static @Nullable Set<String> enumAt(JsonNode schema, String field) {
    JsonNode e = schema.path("properties").path(field).path("enum");
    if (!e.isArray()) {
      return null;
    }
    Set<String> out = new HashSet<>();
    for (JsonNode v : e) {
      if (!v.isString()) {
        return null;
      }
      out.add(v.stringValue());
    }
    return Set.copyOf(out);
  }

  @Override
  public String processorName() {
    return processorName;
  }

  @Override
  public KindCheck check(Entity checked) {
    ObjectNode entity = EntityTrees.readOnly(checked);
    if (fastPath) {
      if (outside(kinds, entity.get("kind")) || outside(apiVersions, entity.get("apiVersion"))) {
        return NOT_MINE;
      }
      if (schema.plainlyValid(entity)) {
        return ACCEPTED;
      }
    }
    List<AjvError> errors = schema.validate(entity);
    if (errors.isEmpty()) {
      return KindCheck.accepted();
    }
    boolean soft = false;
    boolean hard = false;
    for (AjvError e : errors) {
      if (e.instancePath().equals("/kind") || e.instancePath().equals("/apiVersion")) {
        if (e.keyword().equals("enum")) {
          soft = true;
        } else {
          hard = true;
        }
      }
    }
    if (soft && !hard) {
      return KindCheck.notMine();
    }
    AjvError first = errors.get(0);
    return KindCheck.invalid(first.field(), first.fullText());
  }

  private static boolean outside(@Nullable Set<String> allowed, @Nullable JsonNode value) {
    return allowed != null && value != null && value.isString()
        && !allowed.contains(value.stringValue());
  }
}
