package dev.greenroom.scaffolder.render.internal;

import dev.greenroom.catalog.json.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The values templates work with, and how JavaScript (which Nunjucks runs on) treats them. Inside
 * the engine, JSON becomes plain Java: {@code LinkedHashMap}, {@code ArrayList}, {@code String},
 * {@code Long}/{@code Double}/{@code BigDecimal}, {@code Boolean}, and null for null/undefined.
 * Nothing else is ever put into a template context, so templates cannot reach Java objects.
 */
public final class JsValues {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private JsValues() {}

  /** JSON to engine value. */
  public static @Nullable Object toJava(@Nullable JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return null;
    }
    if (node.isNull()) {
      return JsNull.INSTANCE;
    }
    if (node.isString()) {
      return node.stringValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isIntegralNumber()) {
      return node.canConvertToLong() ? (Object) node.longValue() : node.bigIntegerValue();
    }
    if (node.isNumber()) {
      return node.doubleValue();
    }
    if (node instanceof ArrayNode a) {
      List<@Nullable Object> list = new ArrayList<>(a.size());
      for (JsonNode c : a) {
        list.add(toJava(c));
      }
      return list;
    }
    if (node instanceof ObjectNode o) {
      Map<String, @Nullable Object> map = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : o.properties()) {
        map.put(e.getKey(), toJava(e.getValue()));
      }
      return map;
    }
    return node.asString();
  }

  /**
   * Engine value to JSON (null becomes a JSON null node). Charged to the running render's budget
   * node by node: values that share parts ({@code [l, l]} nested thirty times) would otherwise
   * unfold into trees of billions of nodes.
   */
  public static JsonNode toJson(@Nullable Object v) {
    return toJson(v, RenderBudget.current());
  }

  private static JsonNode toJson(@Nullable Object v, RenderBudget budget) {
    budget.charge(RenderBudget.ELEMENT_COST);
    if (v == null || v == JsNull.INSTANCE) {
      return F.nullNode();
    }
    if (v instanceof JsonNode j) {
      return j;
    }
    if (v instanceof String s) {
      budget.charge(s.length());
      return F.stringNode(s);
    }
    if (v instanceof Boolean b) {
      return F.booleanNode(b);
    }
    if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return F.numberNode(((Number) v).longValue());
    }
    if (v instanceof BigInteger b) {
      return F.numberNode(b);
    }
    if (v instanceof Number n) {
      double d = n.doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        return F.nullNode(); // JSON.stringify(NaN) === 'null'
      }
      if (d == Math.rint(d) && Math.abs(d) < 9.007199254740992E15) {
        return F.numberNode((long) d);
      }
      return v instanceof BigDecimal bd ? F.numberNode(bd) : F.numberNode(d);
    }
    if (v instanceof Map<?, ?> m) {
      ObjectNode o = F.objectNode();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (e.getValue() != null) { // JSON.stringify leaves undefined properties out
          o.set(String.valueOf(e.getKey()), toJson(e.getValue(), budget));
        }
      }
      return o;
    }
    if (v instanceof Collection<?> c) {
      ArrayNode a = F.arrayNode();
      for (Object x : c) {
        a.add(toJson(x, budget));
      }
      return a;
    }
    if (v instanceof Object[] arr) {
      ArrayNode a = F.arrayNode();
      for (Object x : arr) {
        a.add(toJson(x, budget));
      }
      return a;
    }
    if (v instanceof Character ch) {
      return F.stringNode(String.valueOf(ch));
    }
    return F.stringNode(String.valueOf(v));
  }

  /** JavaScript truthiness (what Nunjucks' {@code if}, {@code and}, {@code or} use). */
  public static boolean truthy(@Nullable Object v) {
    if (v == null || v == JsNull.INSTANCE) {
      return false;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    if (v instanceof Number n) {
      double d = n.doubleValue();
      return d != 0 && !Double.isNaN(d);
    }
    if (v instanceof String s) {
      return !s.isEmpty();
    }
    return true;
  }

  /** How Nunjucks prints a value into output (undefined and null print as nothing). */
  public static String print(@Nullable Object v) {
    if (v == null || v == JsNull.INSTANCE) {
      return "";
    }
    return jsString(v, false);
  }

  /** JavaScript's {@code String(v)} ({@code undefined} for null when {@code undefinedWord}). */
  public static String jsString(@Nullable Object v, boolean undefinedWord) {
    if (v == null) {
      return undefinedWord ? "undefined" : "";
    }
    if (v instanceof String s) {
      return s;
    }
    if (v instanceof Boolean b) {
      return b.toString();
    }
    if (v instanceof Number n) {
      return number(n);
    }
    if (v instanceof Map<?, ?>) {
      return "[object Object]";
    }
    if (v instanceof Collection<?> c) {
      // built within the render's budget: nested arrays that share parts print exponentially long
      RenderBudget.Text sb = RenderBudget.current().text("printed array");
      joinInto(c, sb);
      return sb.toString();
    }
    return String.valueOf(v);
  }

  private static void joinInto(Collection<?> c, RenderBudget.Text sb) {
    boolean first = true;
    for (Object x : c) {
      if (!first) {
        sb.append(',');
      }
      first = false;
      if (x instanceof Collection<?> inner) {
        joinInto(inner, sb);
      } else if (x != null && x != JsNull.INSTANCE) {
        sb.append(jsString(x, false));
      }
    }
  }

  /** A number as JavaScript prints it (integral doubles without {@code .0}). */
  public static String number(Number n) {
    if (n instanceof Long || n instanceof Integer || n instanceof BigInteger || n instanceof Short) {
      return n.toString();
    }
    double d = n.doubleValue();
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "Infinity" : "-Infinity";
    }
    if (d == Math.rint(d) && Math.abs(d) < 1e21) {
      return new BigDecimal(d).toPlainString();
    }
    if (n instanceof BigDecimal bd) {
      String s = bd.stripTrailingZeros().toPlainString();
      return s.replace("E", "e").replace("e", Math.abs(d) >= 1 ? "e+" : "e").replace("e+-", "e-");
    }
    return JsNumbers.toJsString(d); // 1e+21, 1.5e-7, 0.000001
  }

  /** {@code JSON.stringify(v)}, with {@code indent} spaces when positive; "" for undefined. */
  public static String dump(@Nullable Object v, int indent) {
    if (v == null) {
      return "";
    }
    RenderBudget budget = RenderBudget.current();
    JsonNode node = toJson(v, budget);
    if (indent <= 0) {
      return budget.string(Json.write(node), "dumped value");
    }
    return PrettyJson.write(node, indent, budget.text("dumped value"));
  }

  /** A number from an engine value, or null when it is not numeric. */
  public static @Nullable Double toNumber(@Nullable Object v) {
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    if (v instanceof Boolean b) {
      return b ? 1.0 : 0.0;
    }
    if (v == JsNull.INSTANCE) {
      return 0.0;
    }
    if (v instanceof String s) {
      try {
        return s.isBlank() ? 0.0 : Double.parseDouble(s.strip());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  /** True for undefined and null. */
  public static boolean nullish(@Nullable Object v) {
    return v == null || v == JsNull.INSTANCE;
  }

  /** JavaScript's loose equality {@code ==} (what Nunjucks' {@code ==} compiles to). */
  public static boolean looseEquals(@Nullable Object a, @Nullable Object b) {
    if (nullish(a) || nullish(b)) {
      return nullish(a) && nullish(b);
    }
    if (a instanceof Number || b instanceof Number || a instanceof Boolean || b instanceof Boolean) {
      if ((a instanceof String || a instanceof Number || a instanceof Boolean)
          && (b instanceof String || b instanceof Number || b instanceof Boolean)) {
        Double x = toNumber(a);
        Double y = toNumber(b);
        return x != null && y != null && x.doubleValue() == y.doubleValue();
      }
      return false;
    }
    if (a instanceof String sa && b instanceof String sb) {
      return sa.equals(sb);
    }
    if (a instanceof String || b instanceof String) {
      return jsString(a, true).equals(jsString(b, true)); // array or object against a string
    }
    return a == b;
  }

  /** A Long when the double is integral, else the double. */
  public static Number narrow(double d) {
    if (d == Math.rint(d) && Math.abs(d) < 9.007199254740992E15) {
      return (long) d;
    }
    return d;
  }
}
