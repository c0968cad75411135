package dev.greenroom.integrations;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** Typed reads from the config tree; errors name the full key. Never prints a value it reads. */
final class ConfigNodes {
  private static final Pattern HOST = Pattern.compile("^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:\\d{1,5})?$");

  private ConfigNodes() {}

  static IntegrationException invalid(String key, String message) {
    return new IntegrationException("Invalid config at '" + key + "': " + message);
  }

  static String join(String path, String key) {
    return path + "." + key;
  }

  static List<JsonNode> list(JsonNode parent, String field, String path) {
    JsonNode n = parent.path(field);
    if (n.isMissingNode() || n.isNull()) {
      return List.of();
    }
    if (!n.isArray()) {
      throw invalid(join(path, field), "must be a list, got " + type(n));
    }
    List<JsonNode> out = new ArrayList<>();
    for (int i = 0; i < n.size(); i++) {
      JsonNode item = n.get(i);
      if (!item.isObject()) {
        throw invalid(join(path, field) + "[" + i + "]", "must be an object, got " + type(item));
      }
      out.add(item);
    }
    return out;
  }

  static @Nullable String optionalString(JsonNode node, String field, String path) {
    JsonNode n = node.path(field);
    if (n.isMissingNode() || n.isNull()) {
      return null;
    }
    if (n.isString()) {
      return n.stringValue();
    }
    if (n.isNumber() || n.isBoolean()) {
      return n.asString();
    }
    throw invalid(join(path, field), "must be a string, got " + type(n));
  }

  static String string(JsonNode node, String field, String path) {
    String s = optionalString(node, field, path);
    if (s == null || s.isEmpty()) {
      throw invalid(join(path, field), "is required");
    }
    return s;
  }

  /** A secret: the error never shows the value, only its key. */
  static @Nullable Secret optionalSecret(JsonNode node, String field, String path) {
    JsonNode n = node.path(field);
    if (n.isMissingNode() || n.isNull()) {
      return null;
    }
    if (!n.isString()) {
      throw invalid(join(path, field), "must be a string, got " + type(n));
    }
    String s = n.stringValue().trim();
    if (s.isEmpty()) {
      throw invalid(join(path, field), "must not be empty");
    }
    return Secret.of(s);
  }

  static Secret secret(JsonNode node, String field, String path) {
    Secret s = optionalSecret(node, field, path);
    if (s == null) {
      throw invalid(join(path, field), "is required");
    }
    return s;
  }

  static @Nullable List<String> optionalStrings(JsonNode node, String field, String path) {
    JsonNode n = node.path(field);
    if (n.isMissingNode() || n.isNull()) {
      return null;
    }
    if (!n.isArray()) {
      throw invalid(join(path, field), "must be a list of strings, got " + type(n));
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n.size(); i++) {
      if (!n.get(i).isString()) {
        throw invalid(join(path, field) + "[" + i + "]", "must be a string, got " + type(n.get(i)));
      }
      out.add(n.get(i).stringValue());
    }
    return List.copyOf(out);
  }

  static String validHost(@Nullable String host, String key, String kind) {
    if (host == null || !HOST.matcher(host).matches()) {
      throw invalid(key, "Invalid " + kind + " integration config, '" + host + "' is not a valid host");
    }
    return host.toLowerCase(Locale.ROOT);
  }

  /** A URL with http(s) and a host, trailing slashes removed; null stays null. */
  static @Nullable String url(@Nullable String url, String key) {
    if (url == null) {
      return null;
    }
    try {
      URI u = new URI(url);
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null) {
        throw invalid(key, "'" + url + "' is not a valid http(s) URL");
      }
      if (u.getUserInfo() != null) {
        throw invalid(key, "must not hold credentials; use the integration's token keys");
      }
    } catch (URISyntaxException e) {
      throw invalid(key, "'" + url + "' is not a valid URL");
    }
    return url.replaceAll("/+$", "");
  }

  static String type(JsonNode n) {
    if (n.isObject()) {
      return "an object";
    }
    if (n.isArray()) {
      return "a list";
    }
    if (n.isString()) {
      return "a string";
    }
    if (n.isNumber()) {
      return "a number";
    }
    if (n.isBoolean()) {
      return "a boolean";
    }
    return n.getNodeType().toString().toLowerCase(Locale.ROOT);
  }
}
