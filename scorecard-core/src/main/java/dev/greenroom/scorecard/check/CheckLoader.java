package dev.greenroom.scorecard.check;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.query.EntityPredicate;
import dev.greenroom.scorecard.InvalidDefinitionException;
import dev.greenroom.scorecard.fact.FactField;
import dev.greenroom.scorecard.fact.FactSchema;
import dev.greenroom.scorecard.fact.FactType;
import dev.greenroom.scorecard.internal.Filters;
import dev.greenroom.scorecard.internal.JsonPath;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Parses and validates check definitions (Tech Insights' JSON shape) against the known fact
 * schemas. A definition is refused, with the source, check and condition named, when it has an
 * unknown operator, a fact not in the schemas of its {@code factIds}, a value of the wrong type for
 * the operator or fact, or a malformed condition tree.
 *
 * <p>Leaves are {@code { fact, operator, value, path? }} as in json-rules-engine, or {@code {
 * entity: <path>, operator, value }} for a field of the entity itself. Values of datetime facts are
 * ISO-8601 instants or {@code now}, {@code now-P30D}, {@code now+PT1H} (relative to the evaluation
 * time). A value {@code { fact: ... }} (comparing two facts) is refused.
 */
public final class CheckLoader {
  /** Deepest condition nesting accepted. */
  public static final int MAX_DEPTH = 32;

  /** Most leaves in one condition tree. */
  public static final int MAX_LEAVES = 1000;

  private final Map<String, FactSchema> schemas;

  /** A loader that knows these schemas (by retriever id). */
  public CheckLoader(Map<String, FactSchema> schemas) {
    this.schemas = Map.copyOf(schemas);
  }

  /**
   * A check from its JSON.
   *
   * @param source the file or config key, for errors
   * @param defaultId the id when the JSON has none (a map key), or null
   * @throws InvalidDefinitionException naming source, check and condition
   */
  public Check check(String source, @Nullable String defaultId, JsonNode node) {
    if (!node.isObject()) {
      throw new InvalidDefinitionException(source + ": a check must be an object");
    }
    String id = text(node, "id", defaultId);
    if (id == null || id.isBlank()) {
      throw new InvalidDefinitionException(source + ": a check has no id");
    }
    String where = source + ": check '" + id + "'";
    String type = text(node, "type", Check.TYPE);
    if (!Check.TYPE.equals(type)) {
      throw new InvalidDefinitionException(where + ": type must be " + Check.TYPE + " but is '" + type + "'");
    }
    List<String> factIds = strings(where, node.get("factIds"));
    JsonNode rule = node.get("rule");
    if (rule == null || !rule.isObject() || rule.get("conditions") == null) {
      throw new InvalidDefinitionException(where + ": rule.conditions is missing");
    }
    Condition c = condition(where, factIds, rule.get("conditions"));
    EntityPredicate filter;
    try {
      filter = Filters.parse(node.get("filter"));
    } catch (IllegalArgumentException e) {
      throw new InvalidDefinitionException(where + ": filter: " + e.getMessage());
    }
    return new Check(
        id,
        Check.TYPE,
        text(node, "name", id),
        text(node, "description", ""),
        factIds,
        c,
        rule.deepCopy(),
        object(where, node, "metadata"),
        object(where, node, "successMetadata"),
        object(where, node, "failureMetadata"),
        links(where, node.get("links")),
        filter);
  }

  /**
   * A condition tree; the top level must be {@code all}, {@code any} or {@code not}.
   *
   * @param where names the definition in errors, for example {@code "checks.yaml: check 'x'"}
   * @param factIds the retrievers whose facts leaves may name; later ids win for shared names
   * @throws InvalidDefinitionException naming {@code where} and the condition
   */
  public Condition condition(String where, List<String> factIds, @Nullable JsonNode conditions) {
    for (String id : factIds) {
      if (!schemas.containsKey(id)) {
        throw new InvalidDefinitionException(
            where + ": factIds names unknown fact retriever '" + id + "' (known: " + String.join(", ", schemas.keySet()) + ")");
      }
    }
    if (conditions == null || !conditions.isObject()
        || !(conditions.has("all") || conditions.has("any") || conditions.has("not"))) {
      throw new InvalidDefinitionException(where + ": rule.conditions: the top level must be all, any or not");
    }
    int[] leaves = {0};
    return parse(where, "conditions", factIds, conditions, 0, leaves);
  }

  private Condition parse(String where, String at, List<String> factIds, JsonNode n, int depth, int[] leaves) {
    if (depth > MAX_DEPTH) {
      throw new InvalidDefinitionException(where + ": " + at + ": conditions nested deeper than " + MAX_DEPTH);
    }
    if (!n.isObject()) {
      throw new InvalidDefinitionException(where + ": " + at + ": a condition must be an object");
    }
    if (n.has("all") || n.has("any")) {
      String op = n.has("all") ? "all" : "any";
      if (n.size() != 1 && !(n.size() == 2 && n.has("name"))) {
        throw new InvalidDefinitionException(where + ": " + at + ": '" + op + "' must be the only key of its condition");
      }
      JsonNode arr = n.get(op);
      if (!arr.isArray()) {
        throw new InvalidDefinitionException(where + ": " + at + "." + op + ": must be an array");
      }
      List<Condition> cs = new ArrayList<>();
      int i = 0;
      for (JsonNode c : arr) {
        cs.add(parse(where, at + "." + op + "[" + i++ + "]", factIds, c, depth + 1, leaves));
      }
      return op.equals("all") ? new Condition.All(cs) : new Condition.Any(cs);
    }
    if (n.has("not")) {
      return new Condition.Not(parse(where, at + ".not", factIds, n.get("not"), depth + 1, leaves));
    }
    if (++leaves[0] > MAX_LEAVES) {
      throw new InvalidDefinitionException(where + ": more than " + MAX_LEAVES + " conditions");
    }
    return leaf(where, at, factIds, n);
  }

  private Condition leaf(String where, String at, List<String> factIds, JsonNode n) {
    boolean isFact = n.has("fact");
    boolean isEntity = n.has("entity");
    if (isFact == isEntity) {
      throw new InvalidDefinitionException(
          where + ": " + at + ": a condition needs exactly one of 'fact' or 'entity' (or all/any/not)");
    }
    String subject = isFact ? n.get("fact").asString() : n.get("entity").asString();
    String here = where + ": " + at + " (" + (isFact ? "fact " : "entity field ") + subject + ")";
    JsonNode opNode = n.get("operator");
    if (opNode == null || !opNode.isString()) {
      throw new InvalidDefinitionException(here + ": operator is missing");
    }
    Operator op = Operator.of(opNode.stringValue());
    if (op == null) {
      throw new InvalidDefinitionException(
          here + ": unknown operator '" + opNode.stringValue() + "' (expected " + Operator.names() + ")");
    }
    JsonNode value = n.get("value");
    if (op.unary()) {
      if (value != null && !value.isNull()) {
        throw new InvalidDefinitionException(here + ": operator " + op.jsonName() + " takes no value");
      }
      value = null;
    } else if (value == null) {
      throw new InvalidDefinitionException(here + ": value is missing");
    } else if (value.isObject() && value.has("fact")) {
      throw new InvalidDefinitionException(here + ": values that name another fact are not supported");
    }
    if (isEntity) {
      JsonPath path = path(here, subject);
      checkDynamic(here, op, value);
      return new Condition.EntityLeaf(path, op, value);
    }
    if (factIds.isEmpty()) {
      throw new InvalidDefinitionException(here + ": the check lists no factIds");
    }
    String retriever = null;
    FactField field = null;
    for (int i = factIds.size() - 1; i >= 0; i--) {
      FactField f = schemas.get(factIds.get(i)).field(subject);
      if (f != null) {
        retriever = factIds.get(i);
        field = f;
        break;
      }
    }
    if (field == null) {
      throw new InvalidDefinitionException(
          here + ": unknown fact '" + subject + "' (not in the schemas of " + String.join(", ", factIds) + ")");
    }
    JsonPath path = null;
    if (n.has("path")) {
      path = path(here, n.get("path").asString());
      if (field.type() != FactType.OBJECT && field.type() != FactType.SET) {
        throw new InvalidDefinitionException(here + ": path needs an object or set fact, but " + subject + " is " + field.type().schemaName());
      }
      checkDynamic(here, op, value);
    } else {
      checkTyped(here, field, op, value);
    }
    return new Condition.FactLeaf(retriever, subject, path, op, value);
  }

  private static JsonPath path(String here, String text) {
    try {
      return JsonPath.parse(text);
    } catch (IllegalArgumentException e) {
      throw new InvalidDefinitionException(here + ": " + e.getMessage());
    }
  }

  private static void checkDynamic(String here, Operator op, @Nullable JsonNode value) {
    if (value == null) {
      return;
    }
    if (op.ordering() && !value.isNumber() && Compare.instant(value, Instant.EPOCH) == null) {
      throw new InvalidDefinitionException(
          here + ": operator " + op.jsonName() + " needs a number or a datetime value, not " + describe(value));
    }
    if ((op == Operator.IN || op == Operator.NOT_IN) && !value.isArray()) {
      throw new InvalidDefinitionException(here + ": operator " + op.jsonName() + " needs an array value, not " + describe(value));
    }
  }

  private static void checkTyped(String here, FactField f, Operator op, @Nullable JsonNode value) {
    FactType t = f.type();
    String wrong = here + ": wrong type: ";
    if (op.unary()) {
      return;
    }
    if (op.ordering()) {
      if (!t.ordered()) {
        throw new InvalidDefinitionException(
            wrong + "operator " + op.jsonName() + " needs a number or datetime fact, but " + f.name() + " is " + t.schemaName());
      }
      fits(wrong, f, op, value);
      return;
    }
    switch (op) {
      case EQUAL:
      case NOT_EQUAL:
        fits(wrong, f, op, value);
        return;
      case IN:
      case NOT_IN:
        if (t == FactType.SET || t == FactType.OBJECT) {
          throw new InvalidDefinitionException(
              wrong + "operator " + op.jsonName() + " compares a single value, but " + f.name() + " is " + t.schemaName()
                  + " (use contains)");
        }
        if (!value.isArray()) {
          throw new InvalidDefinitionException(wrong + "operator " + op.jsonName() + " needs an array value, not " + describe(value));
        }
        for (JsonNode v : value) {
          fits(wrong, f, op, v);
        }
        return;
      default: // contains, doesNotContain
        if (t != FactType.SET) {
          throw new InvalidDefinitionException(
              wrong + "operator " + op.jsonName() + " needs a set fact, but " + f.name() + " is " + t.schemaName());
        }
        if (value.isArray() || value.isObject()) {
          throw new InvalidDefinitionException(wrong + "operator " + op.jsonName() + " needs a single value, not " + describe(value));
        }
    }
  }

  private static void fits(String wrong, FactField f, Operator op, JsonNode value) {
    FactType t = f.type();
    if (t == FactType.DATETIME) {
      if (Compare.instant(value, Instant.EPOCH) == null) {
        throw new InvalidDefinitionException(
            wrong + f.name() + " is datetime; operator " + op.jsonName()
                + " needs an ISO-8601 instant or now[+-]<duration>, not " + describe(value));
      }
      return;
    }
    if (t == FactType.INTEGER && value.isNumber()) {
      return; // 79.5 against an integer is a fine threshold
    }
    String bad = t.mismatch(value);
    if (bad != null) {
      throw new InvalidDefinitionException(
          wrong + f.name() + " is " + t.schemaName() + " but operator " + op.jsonName() + " got " + describe(value));
    }
  }

  private static String describe(JsonNode v) {
    if (v.isString()) {
      return "string '" + v.stringValue() + "'";
    }
    if (v.isNumber()) {
      return "number " + v;
    }
    if (v.isBoolean()) {
      return "boolean " + v;
    }
    return v.isArray() ? "an array" : v.isObject() ? "an object" : "null";
  }

  static @Nullable String text(JsonNode node, String key, @Nullable String dflt) {
    JsonNode v = node.get(key);
    return v == null || v.isNull() ? dflt : v.asString();
  }

  private static List<String> strings(String where, @Nullable JsonNode n) {
    List<String> out = new ArrayList<>();
    if (n == null || n.isNull()) {
      return out;
    }
    if (!n.isArray()) {
      throw new InvalidDefinitionException(where + ": factIds must be an array of retriever ids");
    }
    for (JsonNode x : n) {
      if (!x.isString()) {
        throw new InvalidDefinitionException(where + ": factIds must be an array of retriever ids");
      }
      out.add(x.stringValue());
    }
    return out;
  }

  private static ObjectNode object(String where, JsonNode node, String key) {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      return Json.object();
    }
    if (!v.isObject()) {
      throw new InvalidDefinitionException(where + ": " + key + " must be an object");
    }
    return (ObjectNode) v.deepCopy();
  }

  private static ArrayNode links(String where, @Nullable JsonNode v) {
    if (v == null || v.isNull()) {
      return Json.nodes().arrayNode();
    }
    if (!v.isArray()) {
      throw new InvalidDefinitionException(where + ": links must be an array of { title, url }");
    }
    return (ArrayNode) v.deepCopy();
  }
}
