package dev.greenroom.http.auth;

import dev.greenroom.catalog.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Backstage's {@code PermissionCriteria}: conditions combined with {@code allOf}, {@code anyOf}
 * and {@code not}, each condition a rule with parameters ({@code {rule, resourceType?,
 * params?}}). Read with {@link #parse}, which bounds depth and size.
 */
public sealed interface PermissionCriteria {
  /** The deepest nesting {@link #parse} accepts. */
  int MAX_DEPTH = 32;
  /** The most criteria nodes {@link #parse} accepts in one tree. */
  int MAX_NODES = 1000;

  /** Every criterion must hold; not empty. */
  record AllOf(List<PermissionCriteria> allOf) implements PermissionCriteria {
    public AllOf {
      allOf = List.copyOf(allOf);
    }
  }

  /** At least one criterion must hold; not empty. */
  record AnyOf(List<PermissionCriteria> anyOf) implements PermissionCriteria {
    public AnyOf {
      anyOf = List.copyOf(anyOf);
    }
  }

  /** The criterion must not hold. */
  record Not(PermissionCriteria not) implements PermissionCriteria {
    public Not {
      Objects.requireNonNull(not, "not");
    }
  }

  /**
   * One rule with its parameters.
   *
   * @param rule the rule name
   * @param resourceType the resource type the condition was made for, or null when not given
   * @param params the parameters, an empty object when the condition has none
   */
  record Condition(String rule, @Nullable String resourceType, ObjectNode params)
      implements PermissionCriteria {
    public Condition {
      Objects.requireNonNull(rule, "rule");
      params = params.deepCopy();
    }

    @Override
    public ObjectNode params() {
      return params.deepCopy();
    }
  }

  /** Evaluates the tree, each condition with {@code condition}. */
  default boolean test(Predicate<Condition> condition) {
    if (this instanceof AllOf a) {
      return a.allOf().stream().allMatch(c -> c.test(condition));
    }
    if (this instanceof AnyOf a) {
      return a.anyOf().stream().anyMatch(c -> c.test(condition));
    }
    if (this instanceof Not n) {
      return !n.not().test(condition);
    }
    return condition.test((Condition) this);
  }

  /** Every condition in the tree. */
  default Stream<Condition> conditions() {
    if (this instanceof AllOf a) {
      return a.allOf().stream().flatMap(PermissionCriteria::conditions);
    }
    if (this instanceof AnyOf a) {
      return a.anyOf().stream().flatMap(PermissionCriteria::conditions);
    }
    if (this instanceof Not n) {
      return n.not().conditions();
    }
    return Stream.of((Condition) this);
  }

  /**
   * Reads criteria JSON.
   *
   * @param where how the caller names the node in errors, for example {@code items[0].conditions}
   * @throws IllegalArgumentException naming the node that is not criteria, or past {@link
   *     #MAX_DEPTH} / {@link #MAX_NODES}
   */
  static PermissionCriteria parse(JsonNode node, String where) {
    int[] count = {0};
    return parse(node, where, 0, count);
  }

  private static PermissionCriteria parse(JsonNode node, String where, int depth, int[] count) {
    if (depth > MAX_DEPTH) {
      throw new IllegalArgumentException(where + ": criteria nested deeper than " + MAX_DEPTH);
    }
    if (++count[0] > MAX_NODES) {
      throw new IllegalArgumentException(where + ": more than " + MAX_NODES + " criteria");
    }
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException(where + " must be an object: {allOf}, {anyOf}, {not}"
          + " or {rule, resourceType, params}");
    }
    if (node.has("allOf") || node.has("anyOf")) {
      String key = node.has("allOf") ? "allOf" : "anyOf";
      only(node, where, key);
      JsonNode list = node.get(key);
      if (!list.isArray() || list.isEmpty()) {
        throw new IllegalArgumentException(where + "." + key + " must be a non-empty array");
      }
      List<PermissionCriteria> out = new ArrayList<>(list.size());
      for (int i = 0; i < list.size(); i++) {
        out.add(parse(list.get(i), where + "." + key + "[" + i + "]", depth + 1, count));
      }
      return key.equals("allOf") ? new AllOf(out) : new AnyOf(out);
    }
    if (node.has("not")) {
      only(node, where, "not");
      return new Not(parse(node.get("not"), where + ".not", depth + 1, count));
    }
    JsonNode rule = node.get("rule");
    if (rule == null || !rule.isString() || rule.asString().isEmpty()) {
      throw new IllegalArgumentException(where + ".rule must be a non-empty string");
    }
    JsonNode type = node.get("resourceType");
    if (type != null && !type.isNull() && !type.isString()) {
      throw new IllegalArgumentException(where + ".resourceType must be a string");
    }
    JsonNode params = node.get("params");
    if (params != null && !params.isNull() && !params.isObject()) {
      throw new IllegalArgumentException(where + ".params must be an object");
    }
    return new Condition(rule.asString(),
        type == null || type.isNull() ? null : type.asString(),
        params == null || params.isNull() ? Json.object() : (ObjectNode) params);
  }

  private static void only(JsonNode node, String where, String key) {
    if (node.size() != 1) {
      throw new IllegalArgumentException(where + " must have '" + key + "' and nothing else");
    }
  }
}
