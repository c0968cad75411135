package dev.greenroom.spring.boot.internal;

import dev.greenroom.catalog.processing.LocationSpec;
import dev.greenroom.catalog.processing.location.CatalogRules;
import dev.greenroom.catalog.processing.location.HttpUrlReader;
import dev.greenroom.integrations.IntegrationException;
import dev.greenroom.integrations.IntegrationsConfig;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.core.env.PropertyResolver;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The parts of a Backstage {@code app-config.yaml} the starter applies: {@code catalog.locations},
 * {@code catalog.rules}, {@code integrations} and {@code backend.reading.allow}. {@code ${VAR}}
 * placeholders in values are resolved from the Spring environment (environment variables and
 * properties), as Backstage resolves them from the environment; an unresolvable one fails, naming
 * the file and key. Other keys are left alone: the rest of the file belongs to other tools.
 */
public final class BackstageAppConfig {
  /** The largest app-config file read. */
  static final long MAX_BYTES = 1024 * 1024;

  private final String source;
  private final JsonNode root;

  private BackstageAppConfig(String source, JsonNode root) {
    this.source = source;
    this.root = root;
  }

  /**
   * Reads {@code location} (a file path, {@code file:} or {@code classpath:} resource).
   *
   * @throws AppConfigException naming the file when it is missing, too large, not YAML or has an
   *     unresolvable placeholder
   */
  public static BackstageAppConfig load(
      String location, ResourceLoader resources, PropertyResolver placeholders) {
    String spec = location.contains(":") && !location.matches("^[A-Za-z]:[\\\\/].*")
        ? location : "file:" + location;
    Resource r = resources.getResource(spec);
    if (!r.exists()) {
      throw new AppConfigException("greenroom.app-config: " + location + " does not exist");
    }
    byte[] bytes;
    try (InputStream in = r.getInputStream()) {
      bytes = in.readNBytes((int) MAX_BYTES + 1);
    } catch (IOException e) {
      throw new AppConfigException("greenroom.app-config: cannot read " + location + ": " + e, e);
    }
    if (bytes.length > MAX_BYTES) {
      throw new AppConfigException(
          "greenroom.app-config: " + location + " is larger than " + MAX_BYTES + " bytes");
    }
    JsonNode root;
    try {
      YAMLMapper yaml = new YAMLMapper(YAMLFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(100).build())
          .build());
      root = yaml.readTree(bytes);
    } catch (JacksonException e) {
      throw new AppConfigException(
          "greenroom.app-config: " + location + " is not valid YAML: " + e.getOriginalMessage(), e);
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      root = JsonNodeFactory.instance.objectNode();
    }
    if (!root.isObject()) {
      throw new AppConfigException("greenroom.app-config: " + location + " is not a YAML mapping");
    }
    return new BackstageAppConfig(location, resolve(root, "", location, placeholders));
  }

  private static JsonNode resolve(
      JsonNode node, String key, String source, PropertyResolver placeholders) {
    if (node.isString()) {
      String text = node.stringValue();
      if (!text.contains("${")) {
        return node;
      }
      try {
        return JsonNodeFactory.instance.stringNode(placeholders.resolveRequiredPlaceholders(text));
      } catch (IllegalArgumentException e) {
        throw new AppConfigException("Invalid config in '" + source + "' at " + key + ": "
            + e.getMessage(), e);
      }
    }
    if (node.isObject()) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        String k = key.isEmpty() ? e.getKey() : key + "." + e.getKey();
        out.set(e.getKey(), resolve(e.getValue(), k, source, placeholders));
      }
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      for (int i = 0; i < node.size(); i++) {
        out.add(resolve(node.get(i), key + "[" + i + "]", source, placeholders));
      }
      return out;
    }
    return node;
  }

  /** Where the file came from, as given. */
  public String source() {
    return source;
  }

  /** {@code catalog.locations}. */
  public List<LocationSpec> locations() {
    JsonNode list = at("catalog.locations");
    if (list == null) {
      return List.of();
    }
    require("catalog.locations", list.isArray(), "a list");
    List<LocationSpec> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String key = "catalog.locations[" + i + "]";
      JsonNode l = list.get(i);
      require(key, l.isObject(), "a mapping with type and target");
      String type = text(l.get("type"), key + ".type");
      String target = text(l.get("target"), key + ".target");
      out.add(LocationSpec.of(type, target));
    }
    return List.copyOf(out);
  }

  /** {@code catalog.rules} with the per-location rules of {@code catalog.locations}, if any. */
  public @Nullable CatalogRules rules() {
    JsonNode rules = at("catalog.rules");
    JsonNode locations = at("catalog.locations");
    if (rules == null && locations == null) {
      return null;
    }
    try {
      return CatalogRules.fromConfig(rules, locations);
    } catch (IllegalArgumentException e) {
      throw new AppConfigException("Invalid config in '" + source + "': " + e.getMessage(), e);
    }
  }

  /** {@code integrations}, without Backstage's implicit public hosts. */
  public IntegrationsConfig integrations() {
    JsonNode integrations = at("integrations");
    try {
      return integrations == null
          ? IntegrationsConfig.parse(JsonNodeFactory.instance.objectNode(), false)
          : IntegrationsConfig.parse(integrations, false);
    } catch (IntegrationException e) {
      throw new AppConfigException("Invalid config in '" + source + "': " + e.getMessage(), e);
    }
  }

  /** {@code backend.reading.allow} as host[/path] specs for {@link HttpUrlReader}. */
  public List<String> readingAllow() {
    JsonNode allow = at("backend.reading.allow");
    if (allow == null) {
      return List.of();
    }
    require("backend.reading.allow", allow.isArray(), "a list");
    List<String> out = new ArrayList<>();
    for (int i = 0; i < allow.size(); i++) {
      String key = "backend.reading.allow[" + i + "]";
      JsonNode entry = allow.get(i);
      require(key, entry.isObject(), "a mapping with host");
      String host = text(entry.get("host"), key + ".host");
      JsonNode paths = entry.get("paths");
      List<String> specs = new ArrayList<>();
      if (paths == null || paths.isNull()) {
        specs.add(host);
      } else {
        require(key + ".paths", paths.isArray(), "a list");
        for (int j = 0; j < paths.size(); j++) {
          String path = text(paths.get(j), key + ".paths[" + j + "]");
          specs.add(host + (path.startsWith("/") ? path : "/" + path));
        }
      }
      for (String s : specs) {
        try {
          HttpUrlReader.builder().allow(s);
        } catch (IllegalArgumentException e) {
          throw new AppConfigException(
              "Invalid config in '" + source + "' at " + key + ".host: " + e.getMessage(), e);
        }
        out.add(s);
      }
    }
    return List.copyOf(out);
  }

  private @Nullable JsonNode at(String dotted) {
    JsonNode n = root;
    for (String part : dotted.split("\\.")) {
      n = n.get(part);
      if (n == null || n.isNull()) {
        return null;
      }
    }
    return n;
  }

  private void require(String key, boolean ok, String expected) {
    if (!ok) {
      throw new AppConfigException(
          "Invalid config in '" + source + "' at " + key + ": expected " + expected);
    }
  }

  private String text(@Nullable JsonNode n, String key) {
    if (n == null || !n.isString() || n.stringValue().isBlank()) {
      throw new AppConfigException(
          "Invalid config in '" + source + "' at " + key + ": expected a non-empty string");
    }
    return n.stringValue();
  }
}
