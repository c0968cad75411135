package dev.greenroom.catalog.bitbucket;

import dev.greenroom.catalog.processing.schedule.TaskSchedule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** Reading Backstage's provider config shapes: one provider, or providers by id. */
final class ProviderConfigs {
  private ProviderConfigs() {}

  /**
   * Reads {@code node}: when it has {@code singleKey} it is the one provider {@code default}, else
   * each property is a provider by id.
   */
  static <T> List<T> read(JsonNode node, String key, String singleKey,
      BiFunction<String, JsonNode, T> reader) {
    List<T> out = new ArrayList<>();
    if (node == null || node.isMissingNode() || node.isNull()) {
      return out;
    }
    if (!node.isObject()) {
      throw new BitbucketConfigException(key + " must be an object");
    }
    if (node.has(singleKey)) {
      out.add(reader.apply("default", node));
      return out;
    }
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (!e.getValue().isObject()) {
        throw new BitbucketConfigException(key + "." + e.getKey() + " must be an object");
      }
      out.add(reader.apply(e.getKey(), e.getValue()));
    }
    return out;
  }

  static String string(JsonNode node, String field, String key) {
    String s = optionalString(node, field, key);
    if (s == null || s.isBlank()) {
      throw new BitbucketConfigException(key + "." + field + " is required");
    }
    return s;
  }

  static @Nullable String optionalString(JsonNode node, String field, String key) {
    JsonNode v = node.path(field);
    if (v.isMissingNode() || v.isNull()) {
      return null;
    }
    if (!v.isString()) {
      throw new BitbucketConfigException(key + "." + field + " must be a string");
    }
    return v.asString();
  }

  static boolean optionalBoolean(JsonNode node, String field, String key) {
    JsonNode v = node.path(field);
    if (v.isMissingNode() || v.isNull()) {
      return false;
    }
    if (!v.isBoolean()) {
      throw new BitbucketConfigException(key + "." + field + " must be true or false");
    }
    return v.asBoolean();
  }

  /** A regular expression; {@code anchored} adds {@code ^} and {@code $} as Backstage does for Cloud. */
  static @Nullable Pattern pattern(JsonNode node, String field, String key, boolean anchored) {
    String p = optionalString(node, field, key);
    if (p == null || p.isEmpty()) {
      return null;
    }
    if (anchored) {
      p = (p.startsWith("^") ? "" : "^") + p + (p.endsWith("$") ? "" : "$");
    }
    if (p.length() > 1000) {
      throw new BitbucketConfigException(key + "." + field + " is longer than 1000 characters");
    }
    try {
      return Pattern.compile(p);
    } catch (PatternSyntaxException e) {
      throw new BitbucketConfigException(key + "." + field + " '" + p
          + "' is not a regular expression: " + e.getDescription());
    }
  }

  static @Nullable TaskSchedule schedule(JsonNode node, String key) {
    JsonNode s = node.path("schedule");
    if (s.isMissingNode() || s.isNull()) {
      return null;
    }
    try {
      return TaskSchedule.fromConfig(key + ".schedule", s);
    } catch (IllegalArgumentException e) {
      throw new BitbucketConfigException(e.getMessage(), e);
    }
  }

  static String catalogPath(JsonNode node, String key) {
    String p = optionalString(node, "catalogPath", key);
    if (p == null || p.isEmpty()) {
      return "/catalog-info.yaml";
    }
    if (p.contains("..") || p.contains("?") || p.contains("#")) {
      throw new BitbucketConfigException(key + ".catalogPath '" + p
          + "' must be a path in the repository, without '..', '?' or '#'");
    }
    return p;
  }
}
