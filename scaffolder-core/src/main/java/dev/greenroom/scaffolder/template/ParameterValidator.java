package dev.greenroom.scaffolder.template;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Validates submitted form values against a template's parameter schemas before anything runs, as
 * Backstage's router does: every parameter step's schema is checked against the whole values
 * object (draft-07; {@code ui:*} and {@code backstage:*} keys ignored), except the steps a {@code
 * when} condition hides ({@link ParameterSteps}). Defaults are not filled in.
 */
public final class ParameterValidator {
  private static final SchemaRegistry REGISTRY =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7);

  /** Keys whose children are names of things, not schema keywords. */
  private static final Set<String> NAME_MAPS =
      Set.of("properties", "patternProperties", "definitions", "$defs", "dependencies");

  private ParameterValidator() {}

  /**
   * The problems with {@code values}, per field; empty when they are valid.
   *
   * @param template the template whose parameter steps apply
   * @param values the submitted values (must be an object)
   */
  public static List<ParameterError> validate(Template template, JsonNode values) {
    return validate(template, values, List.of());
  }

  /**
   * The problems with {@code values} in the parameter steps that apply ({@link ParameterSteps}):
   * a step whose entry in {@code visible} is false is not checked; steps past the end of {@code
   * visible} are.
   */
  public static List<ParameterError> validate(Template template, JsonNode values,
      List<Boolean> visible) {
    List<ParameterError> out = new ArrayList<>();
    if (!values.isObject()) {
      out.add(new ParameterError("", "must be an object", "type", 0));
      return out;
    }
    List<ObjectNode> steps = template.parameterSteps();
    for (int i = 0; i < steps.size(); i++) {
      if (i < visible.size() && !visible.get(i)) {
        continue;
      }
      Schema schema = REGISTRY.getSchema(schemaOnly(steps.get(i)));
      for (Error e : schema.validate(values)) {
        out.add(toError(e, i));
      }
    }
    return out;
  }

  /** Throws {@link ParameterValidationException} when {@code values} are invalid. */
  public static void check(Template template, JsonNode values) {
    check(template, values, List.of());
  }

  /** Throws {@link ParameterValidationException} when the steps that apply find problems. */
  public static void check(Template template, JsonNode values, List<Boolean> visible) {
    List<ParameterError> errors = validate(template, values, visible);
    if (!errors.isEmpty()) {
      throw new ParameterValidationException(template.ref().toString(), errors);
    }
  }

  /**
   * The parameter step schema as a validator sees it: {@code ui:*} and {@code backstage:*}
   * keywords removed (they mean nothing to JSON Schema); property names are left alone.
   */
  public static JsonNode schemaOnly(JsonNode schema) {
    JsonNode copy = schema.deepCopy();
    strip(copy, false);
    return copy;
  }

  private static void strip(JsonNode node, boolean nameMap) {
    if (node instanceof ObjectNode o) {
      if (!nameMap) {
        List<String> drop = new ArrayList<>();
        for (String k : o.propertyNames()) {
          if (k.startsWith("ui:") || k.startsWith("backstage:")) {
            drop.add(k);
          }
        }
        o.remove(drop);
      }
      for (Map.Entry<String, JsonNode> e : o.properties()) {
        strip(e.getValue(), !nameMap && NAME_MAPS.contains(e.getKey()));
      }
    } else if (node instanceof ArrayNode a) {
      for (JsonNode c : a) {
        strip(c, false);
      }
    }
  }

  private static ParameterError toError(Error e, int step) {
    String field = dotted(e.getInstanceLocation());
    String kw = e.getKeyword() == null ? "" : e.getKeyword();
    String message = e.getMessage();
    if ("required".equals(kw) && e.getProperty() != null) {
      field = field.isEmpty() ? e.getProperty() : field + "." + e.getProperty();
      message = "is required";
    } else if (message != null) {
      // networknt prefixes messages with the instance location ("/name: ..."); the field says it
      int colon = message.indexOf(": ");
      if (message.startsWith("/") || message.startsWith("$")) {
        message = colon >= 0 ? message.substring(colon + 2) : message;
      }
    }
    return new ParameterError(field, message == null ? kw : message, kw, step);
  }

  private static String dotted(NodePath path) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < path.getNameCount(); i++) {
      Object el = path.getElement(i);
      if (el instanceof Number n) {
        sb.append('[').append(n).append(']');
      } else {
        if (sb.length() > 0) {
          sb.append('.');
        }
        sb.append(el);
      }
    }
    return sb.toString();
  }
}
