package dev.greenroom.scaffolder.template;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Which parameter steps of a template apply to submitted values, and the values that remain once
 * the steps that do not apply are left out: Backstage's {@code resolveParameterSteps} and {@code
 * filterHiddenStepValues} (plugin-scaffolder-common), which its router runs before it validates
 * the values of a task or dry run. A step with a {@code when} condition (a string expression over
 * {@code parameters}, or a boolean) is visible when the condition is true for the values kept so
 * far; only visible steps are validated, and a value that only hidden steps declare is removed
 * (so {@code awsRegion} sent while the AWS step is hidden never reaches the template). A property
 * both a visible and a hidden step declare is kept; a visible schema with {@code
 * additionalProperties} keeps everything under it.
 */
public final class ParameterSteps {
  private ParameterSteps() {}

  /** Decides a {@code when} expression over the values kept so far. */
  @FunctionalInterface
  public interface Condition {
    /**
     * @param expression the trimmed, non-empty expression, already inside {@code ${{ }}}
     * @param parameters the values of the steps visible so far
     * @return whether the step applies; an expression that cannot be evaluated counts as true
     */
    boolean test(String expression, JsonNode parameters);
  }

  /**
   * @param visible per parameter step, whether it applies
   * @param values the values with the hidden steps' values left out
   */
  public record Resolved(List<Boolean> visible, JsonNode values) {
    public Resolved {
      visible = List.copyOf(visible);
    }
  }

  /** Resolves {@code values} (an object) against {@code template}'s parameter steps. */
  public static Resolved resolve(Template template, JsonNode values, Condition condition) {
    List<ObjectNode> schemas = template.parameterSteps();
    List<Boolean> visible = new ArrayList<>();
    for (int i = 0; i < schemas.size(); i++) {
      JsonNode when = schemas.get(i).get("when");
      boolean shown;
      if (when == null || !(when.isString() || when.isBoolean())) {
        shown = true;
      } else if (when.isBoolean()) {
        shown = when.booleanValue();
      } else {
        String e = when.stringValue().trim();
        if (e.isEmpty()) {
          shown = true;
        } else {
          String source = e.startsWith("${{") ? e : "${{ " + e + " }}";
          boolean r;
          try {
            r = condition.test(source, filter(values, schemas.subList(0, i), visible));
          } catch (RuntimeException ex) {
            r = true; // as Backstage: a condition that fails shows the step
          }
          shown = r;
        }
      }
      visible.add(shown);
    }
    return new Resolved(visible, filter(values, schemas, visible));
  }

  private static final Paths ALL = new Paths(true);
  private static final Object OMITTED = new Object();

  /** The property paths a schema declares; {@code all} keeps everything below. */
  private static final class Paths {
    boolean all;
    final Map<String, Paths> children = new LinkedHashMap<>();

    Paths(boolean all) {
      this.all = all;
    }

    void merge(Paths source) {
      if (source.all) {
        all = true;
      }
      source.children.forEach((k, p) -> {
        Paths existing = children.get(k);
        if (existing != null) {
          existing.merge(p);
        } else {
          Paths copy = new Paths(p.all);
          copy.merge(p);
          children.put(k, copy);
        }
      });
    }
  }

  private static JsonNode filter(JsonNode values, List<ObjectNode> schemas, List<Boolean> visible) {
    if (!visible.subList(0, schemas.size()).contains(false)) {
      return values;
    }
    Paths hidden = new Paths(false);
    Paths shown = new Paths(false);
    for (int i = 0; i < schemas.size(); i++) {
      boolean v = visible.get(i);
      Paths p;
      try {
        p = collect(schemas.get(i), values, schemas.get(i), true, !v);
      } catch (IllegalArgumentException e) {
        if (!v) {
          continue;
        }
        p = ALL;
      }
      (v ? shown : hidden).merge(p);
    }
    Object out = filter(values, hidden, shown);
    return out == OMITTED ? JsonNodeFactory.instance.objectNode() : (JsonNode) out;
  }

  private static Paths collect(JsonNode schema, @Nullable JsonNode value, JsonNode root,
      boolean isRoot, boolean hidden) {
    if (!schema.isObject() || value == null) {
      return ALL;
    }
    Paths paths = new Paths(false);
    for (JsonNode part : expand(schema, root, new HashSet<>())) {
      JsonNode ap = part.get("additionalProperties");
      if (!(isRoot && hidden) && ap != null && (ap.isObject() || (ap.isBoolean() && ap.booleanValue()))) {
        paths.all = true;
      }
      if (part.get("properties") instanceof ObjectNode props) {
        for (Map.Entry<String, JsonNode> e : props.properties()) {
          JsonNode child = value.isObject() ? value.get(e.getKey()) : null;
          paths.children.computeIfAbsent(e.getKey(), k -> new Paths(false))
              .merge(collect(e.getValue(), child, root, false, false));
        }
      }
      JsonNode items = part.get("items");
      if (value.isArray() && items != null) {
        for (int i = 0; i < value.size(); i++) {
          JsonNode itemSchema = items.isArray()
              ? (i < items.size() ? items.get(i) : part.path("additionalItems")) : items;
          paths.children.computeIfAbsent(String.valueOf(i), k -> new Paths(false))
              .merge(collect(itemSchema, value.get(i), root, false, false));
        }
      }
    }
    if (!isRoot && paths.children.isEmpty()) {
      paths.all = true;
    }
    return paths;
  }

  /** The schema and the schemas it brings in ($ref into itself, allOf/oneOf/anyOf, then/else, dependencies). */
  private static List<JsonNode> expand(JsonNode schema, JsonNode root, Set<JsonNode> ancestors) {
    for (JsonNode a : ancestors) {
      if (a == schema) {
        throw new IllegalArgumentException("Circular reference in parameter schema");
      }
    }
    Set<JsonNode> next = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    next.addAll(ancestors);
    next.add(schema);
    List<JsonNode> out = new ArrayList<>();
    out.add(schema);
    JsonNode ref = schema.get("$ref");
    if (ref != null && ref.isString()) {
      String r = ref.stringValue();
      if (!r.startsWith("#")) {
        throw new IllegalArgumentException("Unsupported parameter schema reference '" + r + "'");
      }
      JsonNode target = root.at(r.substring(1));
      if (!target.isObject()) {
        throw new IllegalArgumentException("Missing parameter schema reference '" + r + "'");
      }
      out.addAll(expand(target, root, next));
    }
    for (String k : List.of("allOf", "oneOf", "anyOf")) {
      if (schema.get(k) instanceof ArrayNode a) {
        for (JsonNode e : a) {
          if (e.isObject()) {
            out.addAll(expand(e, root, next));
          }
        }
      }
    }
    List<JsonNode> more = new ArrayList<>();
    more.add(schema.get("then"));
    more.add(schema.get("else"));
    if (schema.get("dependencies") instanceof ObjectNode deps) {
      deps.properties().forEach(e -> more.add(e.getValue()));
    }
    for (JsonNode e : more) {
      if (e != null && e.isObject()) {
        out.addAll(expand(e, root, next));
      }
    }
    return out;
  }

  private static Object filter(JsonNode value, @Nullable Paths hidden, @Nullable Paths visible) {
    if (hidden == null || (visible != null && visible.all)) {
      return value;
    }
    if (visible == null) {
      return OMITTED;
    }
    if (value instanceof ArrayNode a) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      for (int i = 0; i < a.size(); i++) {
        String k = String.valueOf(i);
        Object f = filter(a.get(i), hidden.all ? ALL : hidden.children.get(k),
            visible.children.getOrDefault(k, ALL));
        out.add(f == OMITTED ? a.get(i) : (JsonNode) f);
      }
      return out;
    }
    if (value instanceof ObjectNode o) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      for (Map.Entry<String, JsonNode> e : o.properties()) {
        Object f = filter(e.getValue(), hidden.all ? ALL : hidden.children.get(e.getKey()),
            visible.children.get(e.getKey()));
        if (f != OMITTED) {
          out.set(e.getKey(), (JsonNode) f);
        }
      }
      return out;
    }
    return value;
  }
}
