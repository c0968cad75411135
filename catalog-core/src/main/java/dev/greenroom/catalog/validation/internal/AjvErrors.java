package dev.greenroom.catalog.validation.internal;

import com.networknt.schema.Error;
import com.networknt.schema.path.NodePath;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Turns networknt errors into the errors Backstage's ajv would report: same order (ajv evaluates
 * a schema node's own keywords before its children, {@code properties} in schema order, pattern
 * and additional properties in data order, array items by index) and same wording ({@code
 * "/spec must have required property 'owner'"} with params {@code missingProperty: owner}).
 *
 * <p>networknt evaluates {@code properties} before {@code required}, so its list is re-sorted here
 * by walking the schema along each error's instance path.
 */
public final class AjvErrors {

  /**
   * One error in ajv's terms.
   *
   * @param instancePath JSON pointer of the instance, empty for the root
   * @param keyword the schema keyword
   * @param message ajv's message, such as {@code must be string}
   * @param params ajv's params rendered as {@code key: value, ...}, or null when ajv has none
   * @param field dotted field path for people; for {@code required}, the missing property's path
   */
  public record AjvError(
      String instancePath, String keyword, String message, @Nullable String params, String field) {

    /** {@code <path or <root>> <message>}, the form SchemaValidEntityPolicy uses. */
    public String shortText() {
      return (instancePath.isEmpty() ? "<root>" : instancePath) + " " + message;
    }

    /** {@code <path or <root>> <message> - <params>}, the form of ajv's {@code throwAjvError}. */
    public String fullText() {
      return params == null ? shortText() : shortText() + " - " + params;
    }
  }

  private AjvErrors() {}

  /** The errors in ajv order, translated. */
  public static List<AjvError> translate(List<Error> errors, JsonNode schemaRoot, JsonNode instance) {
    List<Error> sorted = new ArrayList<>(errors);
    if (sorted.size() > 1) {
      List<int[]> keys = new ArrayList<>(sorted.size());
      for (Error e : sorted) {
        keys.add(sortKey(e, schemaRoot, instance));
      }
      Integer[] idx = new Integer[sorted.size()];
      for (int i = 0; i < idx.length; i++) {
        idx[i] = i;
      }
      java.util.Arrays.sort(idx, Comparator.comparing(i -> keys.get(i), java.util.Arrays::compare));
      List<Error> out = new ArrayList<>();
      for (Integer i : idx) {
        out.add(sorted.get(i));
      }
      sorted = out;
    }
    List<AjvError> out = new ArrayList<>(sorted.size());
    for (Error e : sorted) {
      out.add(toAjv(e));
    }
    return out;
  }

  private static int[] sortKey(Error e, JsonNode schemaRoot, JsonNode instance) {
    NodePath path = e.getInstanceLocation();
    int n = path.getNameCount();
    int[] key = new int[2 * n + 2];
    JsonNode schema = resolve(schemaRoot, schemaRoot);
    JsonNode data = instance;
    for (int i = 0; i < n; i++) {
      Object el = path.getElement(i);
      key[2 * i] = 1; // children come after the node's own keywords
      int rank = 0;
      JsonNode childSchema = null;
      if (el instanceof Integer index) {
        rank = index;
        childSchema = schema == null ? null : schema.get("items");
        data = data == null ? null : data.get(index);
      } else {
        String name = String.valueOf(el);
        JsonNode props = schema == null ? null : schema.get("properties");
        int p = props == null ? -1 : indexOfKey(props, name);
        if (p >= 0) {
          rank = p;
          childSchema = props.get(name);
        } else {
          rank = 100_000 + (data == null ? 0 : Math.max(0, indexOfKey(data, name)));
          JsonNode pp = schema == null ? null : schema.get("patternProperties");
          if (pp != null && pp.size() > 0) {
            childSchema = pp.properties().iterator().next().getValue();
          } else if (schema != null && schema.get("additionalProperties") != null
              && schema.get("additionalProperties").isObject()) {
            childSchema = schema.get("additionalProperties");
          }
        }
        data = data == null ? null : data.get(name);
      }
      key[2 * i + 1] = rank;
      schema = childSchema == null ? null : resolve(childSchema, schemaRoot);
    }
    key[2 * n] = 0;
    key[2 * n + 1] = keywordRank(e.getKeyword());
    return key;
  }

  private static @Nullable JsonNode resolve(JsonNode schema, JsonNode root) {
    JsonNode s = schema;
    for (int guard = 0; guard < 16 && s != null && s.has("$ref"); guard++) {
      String ref = s.get("$ref").asString();
      if (!ref.startsWith("#/")) {
        return null;
      }
      JsonNode t = root;
      for (String part : ref.substring(2).split("/")) {
        t = t == null ? null : t.get(part.replace("~1", "/").replace("~0", "~"));
      }
      s = t;
    }
    return s;
  }

  private static int indexOfKey(JsonNode obj, String name) {
    if (!obj.isObject()) {
      return -1;
    }
    int i = 0;
    for (Iterator<String> it = obj.propertyNames().iterator(); it.hasNext(); i++) {
      if (it.next().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  private static final Map<String, Integer> RANKS =
      Map.ofEntries(
          Map.entry("$ref", 0),
          Map.entry("const", 1),
          Map.entry("enum", 2),
          Map.entry("not", 3),
          Map.entry("anyOf", 4),
          Map.entry("oneOf", 5),
          Map.entry("allOf", 6),
          Map.entry("if", 7),
          Map.entry("type", 10),
          Map.entry("maximum", 11),
          Map.entry("minimum", 11),
          Map.entry("exclusiveMaximum", 11),
          Map.entry("exclusiveMinimum", 11),
          Map.entry("multipleOf", 12),
          Map.entry("maxLength", 13),
          Map.entry("minLength", 13),
          Map.entry("pattern", 14),
          Map.entry("format", 15),
          Map.entry("maxItems", 20),
          Map.entry("minItems", 20),
          Map.entry("uniqueItems", 21),
          Map.entry("contains", 22),
          Map.entry("maxProperties", 30),
          Map.entry("minProperties", 30),
          Map.entry("required", 31),
          Map.entry("propertyNames", 32),
          Map.entry("additionalProperties", 33),
          Map.entry("dependencies", 34));

  private static int keywordRank(String keyword) {
    return RANKS.getOrDefault(keyword, 50);
  }

  /** JSON pointer of a networknt instance location, escaped as RFC 6901. */
  public static String pointer(NodePath path) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < path.getNameCount(); i++) {
      sb.append('/').append(String.valueOf(path.getElement(i)).replace("~", "~0").replace("/", "~1"));
    }
    return sb.toString();
  }

  /** Dotted field path of a networknt instance location ({@code metadata.tags.1}). */
  public static String dotted(NodePath path) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < path.getNameCount(); i++) {
      if (i > 0) {
        sb.append('.');
      }
      sb.append(path.getElement(i));
    }
    return sb.toString();
  }

  private static AjvError toAjv(Error e) {
    String kw = e.getKeyword();
    String ptr = pointer(e.getInstanceLocation());
    String field = dotted(e.getInstanceLocation());
    JsonNode sn = e.getSchemaNode();
    Object[] args = e.getArguments() == null ? new Object[0] : e.getArguments();
    String prop = e.getProperty();
    return switch (kw) {
      case "required" -> {
        String p = prop != null ? prop : String.valueOf(args.length > 0 ? args[0] : "");
        yield new AjvError(
            ptr,
            kw,
            "must have required property '" + p + "'",
            "missingProperty: " + p,
            field.isEmpty() ? p : field + "." + p);
      }
      case "type" -> {
        String t = sn != null && sn.isArray() ? join(sn) : sn == null ? "" : sn.asString();
        yield new AjvError(ptr, kw, "must be " + t, "type: " + t, field);
      }
      case "minLength" ->
          new AjvError(ptr, kw, "must NOT have fewer than " + num(sn) + " characters",
              "limit: " + num(sn), field);
      case "maxLength" ->
          new AjvError(ptr, kw, "must NOT have more than " + num(sn) + " characters",
              "limit: " + num(sn), field);
      case "minItems" ->
          new AjvError(ptr, kw, "must NOT have fewer than " + num(sn) + " items",
              "limit: " + num(sn), field);
      case "maxItems" ->
          new AjvError(ptr, kw, "must NOT have more than " + num(sn) + " items",
              "limit: " + num(sn), field);
      case "enum" ->
          new AjvError(ptr, kw, "must be equal to one of the allowed values",
              "allowedValues: " + (sn == null ? "" : join(sn)), field);
      case "const" ->
          new AjvError(ptr, kw, "must be equal to constant",
              "allowedValue: " + (sn == null ? "" : text(sn)), field);
      case "pattern" -> {
        String p = sn == null ? "" : sn.asString();
        yield new AjvError(ptr, kw, "must match pattern \"" + p + "\"", "pattern: " + p, field);
      }
      case "additionalProperties" -> {
        String p = prop != null ? prop : String.valueOf(args.length > 0 ? args[0] : "");
        yield new AjvError(ptr, kw, "must NOT have additional properties",
            "additionalProperty: " + p, field.isEmpty() ? p : field + "." + p);
      }
      case "oneOf" ->
          new AjvError(ptr, kw, "must match exactly one schema in oneOf", "passingSchemas: null",
              field);
      case "anyOf" -> new AjvError(ptr, kw, "must match a schema in anyOf", "", field);
      case "format" -> {
        String f = sn == null ? "" : sn.asString();
        yield new AjvError(ptr, kw, "must match format \"" + f + "\"", "format: " + f, field);
      }
      case "false" -> new AjvError(ptr, kw, "boolean schema is false", "", field);
      default -> new AjvError(ptr, kw, e.getMessage(), null, field);
    };
  }

  private static String num(@Nullable JsonNode n) {
    return n == null ? "" : n.asString();
  }

  private static String text(JsonNode n) {
    return n.isString() ? n.stringValue() : n.toString();
  }

  /** JavaScript's {@code String(array)}: elements joined with commas. */
  private static String join(JsonNode arr) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < arr.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      JsonNode v = arr.get(i);
      sb.append(v.isNull() ? "" : text(v));
    }
    return sb.toString();
  }
}
