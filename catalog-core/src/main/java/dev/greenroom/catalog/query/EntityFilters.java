package dev.greenroom.catalog.query;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.query.EntityPredicate.All;
import dev.greenroom.catalog.query.EntityPredicate.Any;
import dev.greenroom.catalog.query.EntityPredicate.Field;
import dev.greenroom.catalog.query.EntityPredicate.Not;
import dev.greenroom.catalog.query.EntityPredicate.ValueMatch;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Parsing, printing and in-memory evaluation of {@link EntityPredicate}s.
 *
 * <ul>
 *   <li>{@link #parseLegacy(List)}: Backstage's {@code filter} query parameters. Each parameter is
 *       one set; sets are OR-ed. Inside a set, {@code ,}-separated statements are AND-ed; {@code
 *       key=value} tests equality, a bare {@code key} tests existence, a key repeated in one set
 *       ORs its values.
 *   <li>{@link #parsePredicate(JsonNode)}: Backstage's JSON filter predicates ({@code $all}, {@code
 *       $any}, {@code $not}, {@code $exists}, {@code $in}, {@code $hasPrefix}, {@code $contains}).
 *   <li>{@link #matches(EntityPredicate, Map)}: evaluation against one entity's search rows.
 * </ul>
 */
public final class EntityFilters {
  private static final Set<String> VALUE_OPERATORS =
      Set.of("$exists", "$in", "$hasPrefix", "$contains");

  private EntityFilters() {}

  /**
   * Parses legacy {@code filter} parameters. No parameters match every entity.
   *
   * @throws InvalidQueryException for a statement with an empty key
   */
  public static EntityPredicate parseLegacy(List<String> filterParams) {
    if (filterParams.isEmpty()) {
      return EntityPredicate.matchAll();
    }
    List<EntityPredicate> sets = new ArrayList<>();
    for (String param : filterParams) {
      Map<String, List<String>> values = new LinkedHashMap<>();
      Map<String, Boolean> existsOnly = new LinkedHashMap<>();
      for (String raw : param.split(",", -1)) {
        String stmt = raw.trim();
        if (stmt.isEmpty()) {
          continue;
        }
        int eq = stmt.indexOf('=');
        String key = (eq == -1 ? stmt : stmt.substring(0, eq)).trim();
        if (key.isEmpty()) {
          throw new InvalidQueryException(
              "Invalid filter, '"
                  + stmt
                  + "' is not a valid statement (expected a string on the form a=b or a= or a)");
        }
        String norm = SearchIndex.normalize(key);
        if (eq == -1) {
          existsOnly.put(norm, true);
        } else {
          values.computeIfAbsent(norm, k -> new ArrayList<>()).add(stmt.substring(eq + 1).trim());
        }
      }
      List<EntityPredicate> parts = new ArrayList<>();
      for (Map.Entry<String, List<String>> e : values.entrySet()) {
        List<String> vs = e.getValue();
        parts.add(
            vs.size() == 1 ? EntityPredicate.eq(e.getKey(), vs.get(0)) : EntityPredicate.in(e.getKey(), vs));
      }
      for (String key : existsOnly.keySet()) {
        if (!values.containsKey(key)) {
          parts.add(EntityPredicate.exists(key, true));
        }
      }
      sets.add(parts.size() == 1 ? parts.get(0) : EntityPredicate.all(parts));
    }
    return sets.size() == 1 ? sets.get(0) : EntityPredicate.any(sets);
  }

  /**
   * Parses a JSON filter predicate.
   *
   * @throws InvalidQueryException with a message starting {@code Invalid query:}
   */
  public static EntityPredicate parsePredicate(JsonNode node) {
    if (node == null || !node.isObject()) {
      throw invalid("expected an object but found " + Json.typeName(node));
    }
    List<String> keys = new ArrayList<>(node.propertyNames());
    boolean hasOperator = keys.stream().anyMatch(k -> k.startsWith("$"));
    if (hasOperator) {
      if (keys.size() != 1) {
        throw invalid("an operator ($all, $any, $not) must be the only key of its object");
      }
      String op = keys.get(0);
      JsonNode arg = node.get(op);
      switch (op) {
        case "$all", "$any" -> {
          if (!arg.isArray()) {
            throw invalid(op + " expects an array");
          }
          List<EntityPredicate> ps = new ArrayList<>();
          for (JsonNode p : arg) {
            ps.add(parsePredicate(p));
          }
          return op.equals("$all") ? EntityPredicate.all(ps) : EntityPredicate.any(ps);
        }
        case "$not" -> {
          return EntityPredicate.not(parsePredicate(arg));
        }
        default -> throw invalid("unknown operator " + op);
      }
    }
    List<EntityPredicate> parts = new ArrayList<>();
    for (String key : keys) {
      parts.add(parseField(key, node.get(key)));
    }
    return parts.size() == 1 ? parts.get(0) : EntityPredicate.all(parts);
  }

  private static EntityPredicate parseField(String key, JsonNode value) {
    if (isPrimitive(value)) {
      return EntityPredicate.eq(key, value.asString());
    }
    if (!value.isObject() || value.size() != 1) {
      throw invalid(
          "the value of \"" + key + "\" must be a string, number, boolean or one operator object");
    }
    String op = value.propertyNames().iterator().next();
    JsonNode arg = value.get(op);
    if (!VALUE_OPERATORS.contains(op)) {
      throw invalid("unknown value operator " + op + " on \"" + key + "\"");
    }
    switch (op) {
      case "$exists" -> {
        if (!arg.isBoolean()) {
          throw invalid("$exists on \"" + key + "\" expects a boolean");
        }
        return EntityPredicate.exists(key, arg.booleanValue());
      }
      case "$in" -> {
        if (!arg.isArray()) {
          throw invalid("$in on \"" + key + "\" expects an array");
        }
        List<String> vs = new ArrayList<>();
        for (JsonNode v : arg) {
          if (!isPrimitive(v)) {
            throw invalid("$in on \"" + key + "\" expects strings, numbers or booleans");
          }
          vs.add(v.asString());
        }
        return EntityPredicate.in(key, vs);
      }
      case "$hasPrefix" -> {
        if (!arg.isString()) {
          throw invalid("$hasPrefix on \"" + key + "\" expects a string");
        }
        return EntityPredicate.hasPrefix(key, arg.stringValue());
      }
      default -> {
        if (isPrimitive(arg)) {
          return EntityPredicate.eq(key, arg.asString());
        }
        if (arg.isObject() && SearchIndex.normalize(key).equals("relations")) {
          JsonNode type = arg.get("type");
          if (type == null || !type.isString()) {
            throw invalid("$contains on relations expects {type, targetRef?}");
          }
          for (String k : arg.propertyNames()) {
            if (!k.equals("type") && !k.equals("targetRef")) {
              throw invalid("$contains on relations does not accept \"" + k + "\"");
            }
          }
          String relKey = "relations." + type.stringValue();
          JsonNode target = arg.get("targetRef");
          if (target == null) {
            return EntityPredicate.exists(relKey, true);
          }
          if (target.isString()) {
            return EntityPredicate.eq(relKey, target.stringValue());
          }
          if (target.isObject() && target.size() == 1 && target.get("$in") instanceof ArrayNode in) {
            List<String> vs = new ArrayList<>();
            for (JsonNode v : in) {
              if (!v.isString()) {
                throw invalid("targetRef $in expects strings");
              }
              vs.add(v.stringValue());
            }
            return EntityPredicate.in(relKey, vs);
          }
          throw invalid("targetRef must be a string or {\"$in\": [...]}");
        }
        throw invalid("$contains on \"" + key + "\" expects a string, number or boolean");
      }
    }
  }

  private static boolean isPrimitive(JsonNode v) {
    return v.isString() || v.isNumber() || v.isBoolean();
  }

  private static InvalidQueryException invalid(String detail) {
    return new InvalidQueryException("Invalid query: " + detail);
  }

  /** The predicate as Backstage-style predicate JSON; {@link #parsePredicate} reads it back. */
  public static JsonNode toJson(EntityPredicate p) {
    ObjectNode o = Json.object();
    if (p instanceof All a) {
      ArrayNode arr = o.putArray("$all");
      a.predicates().forEach(x -> arr.add(toJson(x)));
    } else if (p instanceof Any a) {
      ArrayNode arr = o.putArray("$any");
      a.predicates().forEach(x -> arr.add(toJson(x)));
    } else if (p instanceof Not n) {
      o.set("$not", toJson(n.predicate()));
    } else {
      Field f = (Field) p;
      ValueMatch m = f.match();
      if (m instanceof ValueMatch.Equals e) {
        o.put(f.key(), e.value());
      } else if (m instanceof ValueMatch.In in) {
        ArrayNode arr = o.putObject(f.key()).putArray("$in");
        in.values().forEach(arr::add);
      } else if (m instanceof ValueMatch.Exists ex) {
        o.putObject(f.key()).put("$exists", ex.exists());
      } else {
        o.putObject(f.key()).put("$hasPrefix", ((ValueMatch.HasPrefix) m).prefix());
      }
    }
    return o;
  }

  /**
   * Evaluates a predicate against one entity's index, given as key to the set of its (lower-cased)
   * values; a null value stands for a row whose value is null.
   */
  public static boolean matches(EntityPredicate p, Map<String, ? extends Collection<String>> index) {
    if (p instanceof All a) {
      for (EntityPredicate x : a.predicates()) {
        if (!matches(x, index)) {
          return false;
        }
      }
      return true;
    }
    if (p instanceof Any a) {
      for (EntityPredicate x : a.predicates()) {
        if (matches(x, index)) {
          return true;
        }
      }
      return false;
    }
    if (p instanceof Not n) {
      return !matches(n.predicate(), index);
    }
    Field f = (Field) p;
    Collection<String> values = index.get(f.key());
    ValueMatch m = f.match();
    if (m instanceof ValueMatch.Exists ex) {
      return (values != null) == ex.exists();
    }
    if (values == null) {
      return false;
    }
    if (m instanceof ValueMatch.Equals e) {
      return values.contains(e.value());
    }
    if (m instanceof ValueMatch.In in) {
      for (String v : in.values()) {
        if (values.contains(v)) {
          return true;
        }
      }
      return false;
    }
    String prefix = ((ValueMatch.HasPrefix) m).prefix();
    for (String v : values) {
      if (v != null && v.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /** Groups search rows into the shape {@link #matches} reads. */
  public static Map<String, List<String>> indexOf(List<SearchRow> rows) {
    Map<String, List<String>> index = new LinkedHashMap<>();
    for (SearchRow r : rows) {
      index.computeIfAbsent(r.key(), k -> new ArrayList<>(1)).add(r.value());
    }
    return index;
  }
}
