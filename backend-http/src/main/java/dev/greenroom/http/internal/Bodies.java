package dev.greenroom.http.internal;

import dev.greenroom.http.ApiException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** JSON body field checks answering Backstage's {@code Malformed request: ...}. */
public final class Bodies {
  private Bodies() {}

  /** An optional array of strings; empty when absent or null. */
  public static List<String> strings(JsonNode body, String field) {
    JsonNode n = body.get(field);
    if (n == null || n.isNull()) {
      return List.of();
    }
    if (!n.isArray()) {
      throw ApiException.input("Malformed request: " + field + " must be an array of strings");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode x : n) {
      if (!x.isString()) {
        throw ApiException.input("Malformed request: " + field + " must be an array of strings");
      }
      out.add(x.stringValue());
    }
    return out;
  }

  /** A required string. */
  public static String string(JsonNode body, String field) {
    JsonNode n = body.get(field);
    if (n == null || !n.isString()) {
      throw ApiException.input("Malformed request: " + field + " must be a string");
    }
    return n.stringValue();
  }

  /** An optional integer within bounds, or null. */
  public static @Nullable Integer integer(JsonNode body, String field, int min, int max) {
    JsonNode n = body.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isIntegralNumber() || !n.canConvertToLong()) {
      throw ApiException.input("Malformed request: " + field + " must be an integer");
    }
    long v = n.asLong();
    if (v < min || v > max) {
      throw ApiException.input(
          "Malformed request: " + field + " must be between " + min + " and " + max);
    }
    return (int) v;
  }
}
