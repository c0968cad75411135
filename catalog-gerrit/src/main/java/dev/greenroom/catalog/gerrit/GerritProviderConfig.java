package dev.greenroom.catalog.gerrit;

import dev.greenroom.catalog.processing.schedule.TaskSchedule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One provider under {@code catalog.providers.gerrit} (Backstage's {@code GerritProviderConfig},
 * read as its {@code readGerritConfigs} reads it).
 *
 * <pre>{@code
 * catalog:
 *   providers:
 *     gerrit:
 *       yourProviderId:
 *         host: gerrit.example.com            # an integrations.gerrit host
 *         query: 'state=ACTIVE&prefix=webapps' # the query string of Gerrit's List Projects
 *         branch: main                        # each project's HEAD branch otherwise
 *         catalogPath: catalog-info.yaml      # the default
 *         schedule: { frequency: { minutes: 30 }, timeout: { minutes: 3 } }
 * }</pre>
 *
 * @param id the provider's id
 * @param host the host of the Gerrit integration
 * @param query the query string appended to {@code /projects/?}
 * @param branch the branch of every project, or null to ask each project's {@code HEAD}
 * @param catalogPath the catalog file's path in a project, {@code catalog-info.yaml} by default
 * @param schedule the schedule, or null when the host gives one in code
 */
public record GerritProviderConfig(
    String id,
    String host,
    String query,
    @Nullable String branch,
    String catalogPath,
    @Nullable TaskSchedule schedule) {
  /** The config key the providers live under. */
  public static final String KEY = "catalog.providers.gerrit";

  /**
   * Reads the {@code catalog.providers.gerrit} node (missing: no providers); each property is a
   * provider by id.
   *
   * @throws GerritConfigException naming the key when a value is missing or has the wrong shape
   */
  public static List<GerritProviderConfig> readAll(JsonNode node) {
    List<GerritProviderConfig> out = new ArrayList<>();
    if (node == null || node.isMissingNode() || node.isNull()) {
      return out;
    }
    if (!node.isObject()) {
      throw new GerritConfigException(KEY + " must be an object of providers by id");
    }
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      String key = KEY + "." + e.getKey();
      JsonNode n = e.getValue();
      if (!n.isObject()) {
        throw new GerritConfigException(key + " must be an object");
      }
      String query = required(n, "query", key);
      if (query.contains("#") || query.chars().anyMatch(c -> c < 0x21)) {
        throw new GerritConfigException(key + ".query '" + query
            + "' must be a URL query string without spaces or '#', e.g. state=ACTIVE&prefix=webapps");
      }
      String catalogPath = string(n, "catalogPath", key);
      if (catalogPath == null) {
        catalogPath = "catalog-info.yaml";
      }
      if (catalogPath.contains("..") || catalogPath.contains("?") || catalogPath.contains("#")) {
        throw new GerritConfigException(key + ".catalogPath '" + catalogPath
            + "' must be a path in the project, without '..', '?' or '#'");
      }
      String branch = string(n, "branch", key);
      out.add(new GerritProviderConfig(e.getKey(), required(n, "host", key), query,
          branch == null || branch.isEmpty() ? null : branch, catalogPath, schedule(n, key)));
    }
    return out;
  }

  private static String required(JsonNode n, String field, String key) {
    String s = string(n, field, key);
    if (s == null || s.isBlank()) {
      throw new GerritConfigException(key + "." + field + " is required");
    }
    return s;
  }

  private static @Nullable String string(JsonNode n, String field, String key) {
    JsonNode v = n.path(field);
    if (v.isMissingNode() || v.isNull()) {
      return null;
    }
    if (!v.isString()) {
      throw new GerritConfigException(key + "." + field + " must be a string");
    }
    return v.asString();
  }

  private static @Nullable TaskSchedule schedule(JsonNode n, String key) {
    JsonNode s = n.path("schedule");
    if (s.isMissingNode() || s.isNull()) {
      return null;
    }
    try {
      return TaskSchedule.fromConfig(key + ".schedule", s);
    } catch (IllegalArgumentException e) {
      throw new GerritConfigException(e.getMessage(), e);
    }
  }
}
