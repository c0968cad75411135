package dev.greenroom.catalog.validation.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A cheap, one-sided reading of a draft-07 schema: {@link #plainlyValid} answers {@code true} only
 * when the instance certainly has no errors under the schema, and {@code false} when it is invalid
 * <em>or</em> when this class cannot tell. A caller runs the full validator on {@code false}, so
 * verdicts and error texts are those of the full validator; this class only decides when it may be
 * skipped.
 *
 * <p>Design note. The schema is compiled once into a tree of {@link Check}s. Supported keywords:
 * {@code type}, {@code enum} and {@code const} (string values), {@code required}, {@code
 * properties}, {@code patternProperties}, {@code additionalProperties}, {@code items} (one schema),
 * {@code minLength}/{@code maxLength}, {@code minItems}/{@code maxItems}, {@code
 * minProperties}/{@code maxProperties}, {@code allOf}, {@code anyOf}, {@code oneOf} (when the other
 * branches fail on {@code type}), and local {@code $ref}s ({@code #/...}) without siblings.
 * Annotation keywords ({@code title}, {@code description}, {@code $comment}, ...) are ignored.
 * Any other keyword (such as {@code pattern}, {@code format}, {@code not}, {@code if}) makes its
 * subschema answer "cannot tell", which is always safe. Patterns are never evaluated: a property
 * under {@code patternProperties} is plainly valid only when its value satisfies every pattern's
 * subschema (so whether the name matches does not matter). Lengths are checked in both UTF-16
 * units and code points, so the answer does not depend on which the full validator counts. The
 * happy path allocates nothing and throws nothing.
 */
public final class FastSchema {
  /** One compiled subschema; {@code true} means certainly valid. */
  @FunctionalInterface
  interface Check {
    boolean test(JsonNode value);
  }

  private static final Check ALWAYS = v -> true;
  private static final Check CANNOT_TELL = v -> false;
  private static final Set<String> ANNOTATIONS =
      Set.of("$schema", "$comment", "title", "description", "default", "examples", "definitions",
          "$defs", "readOnly", "writeOnly");

  private final JsonNode root;
  private final Map<String, Check> refs = new HashMap<>();
  private final Check check;

  private FastSchema(JsonNode root) {
    this.root = root;
    this.check = compile(root, true);
  }

  /** Compiles {@code schema}; never fails (what it cannot read answers "cannot tell"). */
  public static FastSchema compile(JsonNode schema) {
    return new FastSchema(schema);
  }

  /** True only when {@code instance} certainly passes the schema. */
  public boolean plainlyValid(JsonNode instance) {
    return check.test(instance);
  }

  private Check compile(JsonNode schema, boolean isRoot) {
    if (schema.isBoolean()) {
      return schema.booleanValue() ? ALWAYS : CANNOT_TELL;
    }
    if (!schema.isObject()) {
      return CANNOT_TELL;
    }
    if (schema.has("$ref")) {
      return compileRef(schema);
    }
    List<Check> checks = new ArrayList<>();
    Map<String, Check> properties = new HashMap<>();
    List<Check> patterns = new ArrayList<>();
    Check additional = ALWAYS;
    boolean hasProperties = false;
    for (Map.Entry<String, JsonNode> e : schema.properties()) {
      String key = e.getKey();
      JsonNode v = e.getValue();
      if (ANNOTATIONS.contains(key) || (isRoot && key.equals("$id"))) {
        continue;
      }
      Check c =
          switch (key) {
            case "type" -> type(v);
            case "enum" -> stringIn(v);
            case "const" -> v.isString() ? stringIs(v.stringValue()) : CANNOT_TELL;
            case "required" -> required(v);
            case "minLength" -> length(v, true);
            case "maxLength" -> length(v, false);
            case "minItems" -> count(v, true, JsonNode::isArray);
            case "maxItems" -> count(v, false, JsonNode::isArray);
            case "minProperties" -> count(v, true, JsonNode::isObject);
            case "maxProperties" -> count(v, false, JsonNode::isObject);
            case "items" -> items(v);
            case "allOf", "anyOf", "oneOf" -> combine(key, v);
            case "properties" -> {
              hasProperties = true;
              if (!v.isObject()) {
                yield CANNOT_TELL;
              }
              for (Map.Entry<String, JsonNode> p : v.properties()) {
                properties.put(p.getKey(), compile(p.getValue(), false));
              }
              yield null;
            }
            case "patternProperties" -> {
              hasProperties = true;
              if (!v.isObject()) {
                yield CANNOT_TELL;
              }
              for (Map.Entry<String, JsonNode> p : v.properties()) {
                patterns.add(compile(p.getValue(), false));
              }
              yield null;
            }
            case "additionalProperties" -> {
              hasProperties = true;
              additional = compile(v, false);
              yield null;
            }
            default -> CANNOT_TELL;
          };
      if (c == CANNOT_TELL) {
        return CANNOT_TELL;
      }
      if (c != null && c != ALWAYS) {
        checks.add(c);
      }
    }
    if (hasProperties) {
      checks.add(objectMembers(properties, patterns, additional));
    }
    return all(checks);
  }

  private Check compileRef(JsonNode schema) {
    for (String key : schema.propertyNames()) {
      if (!key.equals("$ref") && !ANNOTATIONS.contains(key)) {
        return CANNOT_TELL;
      }
    }
    JsonNode ref = schema.get("$ref");
    if (!ref.isString() || !ref.stringValue().startsWith("#")) {
      return CANNOT_TELL;
    }
    String pointer = ref.stringValue().substring(1);
    Check known = refs.get(pointer);
    if (known != null) {
      return known;
    }
    JsonNode target = pointer.isEmpty() ? root : root.at(pointer);
    if (target.isMissingNode()) {
      return CANNOT_TELL;
    }
    // Recursive schemas: register a forwarding check before compiling the target.
    Check[] slot = new Check[1];
    Check forward = v -> slot[0].test(v);
    refs.put(pointer, forward);
    slot[0] = compile(target, pointer.isEmpty());
    return forward;
  }

  private static Check all(List<Check> checks) {
    return switch (checks.size()) {
      case 0 -> ALWAYS;
      case 1 -> checks.get(0);
      case 2 -> {
        Check a = checks.get(0);
        Check b = checks.get(1);
        yield v -> a.test(v) && b.test(v);
      }
      default -> {
        Check[] arr = checks.toArray(new Check[0]);
        yield v -> {
          for (Check c : arr) {
            if (!c.test(v)) {
              return false;
            }
          }
          return true;
        };
      }
    };
  }

  /** The JSON types of a {@code type} keyword; null when it cannot be read. */
  private static @Nullable Set<String> typeNames(JsonNode v) {
    Set<String> names = new HashSet<>();
    if (v.isString()) {
      names.add(v.stringValue());
    } else if (v.isArray()) {
      for (JsonNode t : v) {
        if (!t.isString()) {
          return null;
        }
        names.add(t.stringValue());
      }
    } else {
      return null;
    }
    Set<String> known = Set.of("string", "object", "array", "boolean", "null", "number", "integer");
    return known.containsAll(names) ? names : null;
  }

  private static Check type(JsonNode v) {
    Set<String> names = typeNames(v);
    if (names == null) {
      return CANNOT_TELL;
    }
    if (names.size() == 1) {
      return switch (names.iterator().next()) {
        case "string" -> JsonNode::isString;
        case "object" -> JsonNode::isObject;
        case "array" -> JsonNode::isArray;
        default -> n -> isType(n, names);
      };
    }
    return n -> isType(n, names);
  }

  /** Whether {@code n} certainly has one of the JSON types {@code names}. */
  private static boolean isType(JsonNode n, Set<String> names) {
    String t = typeOf(n);
    if (t == null) {
      return false;
    }
    if (names.contains(t)) {
      return true;
    }
    return t.equals("integer") && names.contains("number");
  }

  /** The JSON type of {@code n} ("integer" only for integral nodes), or null when unclear. */
  private static @Nullable String typeOf(JsonNode n) {
    if (n.isString()) {
      return "string";
    }
    if (n.isObject()) {
      return "object";
    }
    if (n.isArray()) {
      return "array";
    }
    if (n.isBoolean()) {
      return "boolean";
    }
    if (n.isNull()) {
      return "null";
    }
    if (n.isIntegralNumber()) {
      return "integer";
    }
    if (n.isFloatingPointNumber() && Double.isFinite(n.doubleValue())
        && n.doubleValue() != Math.rint(n.doubleValue())) {
      return "number";
    }
    return null;
  }

  /** Whether {@code n} certainly fails a {@code type} keyword naming {@code names}. */
  private static boolean certainlyNotType(JsonNode n, Set<String> names) {
    String t = typeOf(n);
    if (t == null) {
      return false;
    }
    if (names.contains(t) || (t.equals("integer") && names.contains("number"))) {
      return false;
    }
    return true;
  }

  private static Check stringIn(JsonNode v) {
    if (!v.isArray()) {
      return CANNOT_TELL;
    }
    Set<String> allowed = new HashSet<>();
    for (JsonNode e : v) {
      if (e.isString()) {
        allowed.add(e.stringValue());
      }
    }
    Set<String> frozen = Set.copyOf(allowed);
    return n -> n.isString() && frozen.contains(n.stringValue());
  }

  private static Check stringIs(String expected) {
    return n -> n.isString() && expected.equals(n.stringValue());
  }

  private static Check required(JsonNode v) {
    if (!v.isArray()) {
      return CANNOT_TELL;
    }
    List<String> names = new ArrayList<>();
    for (JsonNode e : v) {
      if (!e.isString()) {
        return CANNOT_TELL;
      }
      names.add(e.stringValue());
    }
    if (names.isEmpty()) {
      return ALWAYS;
    }
    String[] arr = names.toArray(new String[0]);
    return n -> {
      if (!n.isObject()) {
        return true;
      }
      for (String name : arr) {
        if (n.get(name) == null) {
          return false;
        }
      }
      return true;
    };
  }

  private static Check length(JsonNode v, boolean min) {
    if (!v.isIntegralNumber() || v.longValue() < 0 || v.longValue() > Integer.MAX_VALUE) {
      return CANNOT_TELL;
    }
    int limit = v.intValue();
    if (min && limit == 0) {
      return ALWAYS;
    }
    if (min && limit == 1) {
      return n -> !n.isString() || !n.stringValue().isEmpty();
    }
    // Code points <= UTF-16 units: check the count that is nearer to failing.
    return n -> {
      if (!n.isString()) {
        return true;
      }
      String s = n.stringValue();
      return min ? s.codePointCount(0, s.length()) >= limit : s.length() <= limit;
    };
  }

  private static Check count(JsonNode v, boolean min, Check applies) {
    if (!v.isIntegralNumber() || v.longValue() < 0 || v.longValue() > Integer.MAX_VALUE) {
      return CANNOT_TELL;
    }
    int limit = v.intValue();
    if (min && limit == 0) {
      return ALWAYS;
    }
    return n -> !applies.test(n) || (min ? n.size() >= limit : n.size() <= limit);
  }

  private Check items(JsonNode v) {
    if (v.isArray()) {
      return CANNOT_TELL;
    }
    Check each = compile(v, false);
    if (each == ALWAYS) {
      return ALWAYS;
    }
    if (each == CANNOT_TELL) {
      return CANNOT_TELL;
    }
    return n -> {
      if (!n.isArray()) {
        return true;
      }
      for (int i = 0, size = n.size(); i < size; i++) {
        if (!each.test(n.get(i))) {
          return false;
        }
      }
      return true;
    };
  }

  private Check combine(String keyword, JsonNode v) {
    if (!v.isArray() || v.isEmpty()) {
      return CANNOT_TELL;
    }
    List<Check> branches = new ArrayList<>();
    List<@Nullable Set<String>> types = new ArrayList<>();
    for (JsonNode b : v) {
      branches.add(compile(b, false));
      JsonNode t = b.isObject() ? b.get("type") : null;
      types.add(t == null ? null : typeNames(t));
    }
    Check[] arr = branches.toArray(new Check[0]);
    return switch (keyword) {
      case "allOf" -> all(branches);
      case "anyOf" -> n -> {
        for (Check c : arr) {
          if (c.test(n)) {
            return true;
          }
        }
        return false;
      };
      default -> n -> {
        // oneOf: exactly one branch plainly valid, every other certainly failing its type.
        int valid = -1;
        for (int i = 0; i < arr.length; i++) {
          if (arr[i].test(n)) {
            if (valid >= 0) {
              return false;
            }
            valid = i;
          }
        }
        if (valid < 0) {
          return false;
        }
        for (int i = 0; i < arr.length; i++) {
          Set<String> t = types.get(i);
          if (i != valid && (t == null || !certainlyNotType(n, t))) {
            return false;
          }
        }
        return true;
      };
    };
  }

  private static Check objectMembers(
      Map<String, Check> properties, List<Check> patterns, Check additional) {
    Map<String, Check> props = Map.copyOf(properties);
    Check[] pats = patterns.toArray(new Check[0]);
    // additionalProperties: false compiles to CANNOT_TELL, so an extra member defers.
    return n -> {
      if (!n.isObject()) {
        return true;
      }
      for (Map.Entry<String, JsonNode> e : n.properties()) {
        JsonNode value = e.getValue();
        Check p = props.get(e.getKey());
        if (p != null) {
          if (!p.test(value)) {
            return false;
          }
          if (pats.length == 0) {
            continue;
          }
        }
        // Pattern subschemas apply when the name matches; additionalProperties when it is in
        // neither properties nor a pattern. Without evaluating patterns, demand all of them.
        for (Check c : pats) {
          if (!c.test(value)) {
            return false;
          }
        }
        if (p == null && additional != ALWAYS) {
          if (!additional.test(value)) {
            return false;
          }
        }
      }
      return true;
    };
  }
}
