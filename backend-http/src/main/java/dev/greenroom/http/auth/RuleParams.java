package dev.greenroom.http.auth;

import dev.greenroom.catalog.json.Json;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads a {@link PermissionRule}'s parameters and writes their JSON schemas: a missing or
 * mistyped parameter is an {@link IllegalArgumentException} naming it.
 */
public final class RuleParams {
  private RuleParams() {}

  /** A required string parameter. */
  public static String string(ObjectNode params, String name) {
    String v = optionalString(params, name);
    if (v == null) {
      throw new IllegalArgumentException("params." + name + " is required");
    }
    return v;
  }

  /** An optional string parameter; null when absent. */
  public static @Nullable String optionalString(ObjectNode params, String name) {
    JsonNode v = params.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isString()) {
      throw new IllegalArgumentException("params." + name + " must be a string");
    }
    return v.asString();
  }

  /** A required array of strings. */
  public static List<String> strings(ObjectNode params, String name) {
    JsonNode v = params.get(name);
    if (v == null || !v.isArray()) {
      throw new IllegalArgumentException("params." + name + " must be an array of strings");
    }
    List<String> out = new ArrayList<>(v.size());
    for (JsonNode s : v) {
      if (!s.isString()) {
        throw new IllegalArgumentException("params." + name + " must be an array of strings");
      }
      out.add(s.asString());
    }
    return out;
  }

  /**
   * The schema of an object parameter set: {@code properties} from name/description pairs, the
   * names in {@code required} listed as required.
   *
   * @param required the required parameter names
   * @param properties name, JSON type ({@code string} or {@code string[]}), description, repeated
   */
  public static ObjectNode schema(List<String> required, String... properties) {
    if (properties.length % 3 != 0) {
      throw new IllegalArgumentException("properties come in triples: name, type, description");
    }
    ObjectNode s = Json.object();
    s.put("$schema", "http://json-schema.org/draft-07/schema#");
    s.put("type", "object");
    ObjectNode props = s.putObject("properties");
    for (int i = 0; i < properties.length; i += 3) {
      ObjectNode p = props.putObject(properties[i]);
      if (properties[i + 1].equals("string[]")) {
        p.put("type", "array");
        p.putObject("items").put("type", "string");
      } else {
        p.put("type", properties[i + 1]);
      }
      p.put("description", properties[i + 2]);
    }
    if (!required.isEmpty()) {
      required.forEach(s.putArray("required")::add);
    }
    s.put("additionalProperties", false);
    return s;
  }
}
