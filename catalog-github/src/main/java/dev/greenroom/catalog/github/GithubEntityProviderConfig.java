package dev.greenroom.catalog.github;

import dev.greenroom.catalog.processing.schedule.TaskSchedule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One discovery provider of {@code catalog.providers.github}, with Backstage's keys and defaults
 * ({@code readProviderConfigs} of {@code plugin-catalog-backend-module-github}):
 *
 * <pre>{@code
 * catalog:
 *   providers:
 *     github:
 *       myProvider:                  # or the keys below directly, as provider "default"
 *         organization: acme         # or app: <appId>, for every organisation the App is installed in
 *         host: github.com           # the integrations.github host; github.com by default
 *         catalogPath: /catalog-info.yaml   # the default; may be a glob
 *         filters:
 *           branch: main             # else each repository's default branch
 *           repository: 'svc-.*'     # a whole-name regular expression
 *           topic: { include: [backstage], exclude: [experimental] }
 *           visibility: [public, internal]
 *           allowForks: true         # the default
 *           allowArchived: false     # the default
 *         validateLocationsExist: false
 *         pageSizes: { repositories: 25 }
 *         schedule: { frequency: { hours: 3 }, timeout: { hours: 1 } }   # the default
 * }</pre>
 *
 * @param id the provider's id ({@code default} for the single-object form)
 * @param organization the organisation (or user) whose repositories are listed, or null with
 *     {@code app}
 * @param app with no organization: the GitHub App whose installations in organisations are read
 * @param host the integration host
 * @param catalogPath the catalog file path in each repository, as written (may start with /)
 * @param branch {@code filters.branch}, or null for each repository's default branch
 * @param repository {@code filters.repository} as a whole-name pattern, or null
 * @param topicInclude {@code filters.topic.include}, or null
 * @param topicExclude {@code filters.topic.exclude}, or null
 * @param visibility {@code filters.visibility}; empty allows every visibility
 * @param allowForks {@code filters.allowForks}
 * @param allowArchived {@code filters.allowArchived}
 * @param validateLocationsExist emit only repositories whose catalog file exists
 * @param repositoriesPageSize GraphQL page size of the repository listing
 * @param schedule when the provider reads the organisation
 */
public record GithubEntityProviderConfig(
    String id,
    @Nullable String organization,
    @Nullable Long app,
    String host,
    String catalogPath,
    @Nullable String branch,
    @Nullable Pattern repository,
    @Nullable List<String> topicInclude,
    @Nullable List<String> topicExclude,
    List<String> visibility,
    boolean allowForks,
    boolean allowArchived,
    boolean validateLocationsExist,
    int repositoriesPageSize,
    TaskSchedule schedule) {

  /** Backstage's default schedule: every 3 hours, each run at most 1 hour. */
  public static final TaskSchedule DEFAULT_SCHEDULE =
      TaskSchedule.every(Duration.ofHours(3), Duration.ofHours(1));
  private static final Set<String> KEYS = Set.of("organization", "app", "host", "catalogPath",
      "filters", "validateLocationsExist", "schedule", "pageSizes");
  private static final Set<String> FILTER_KEYS = Set.of("branch", "repository", "topic",
      "visibility", "allowForks", "allowArchived");

  public GithubEntityProviderConfig {
    Objects.requireNonNull(id, "id");
    if (organization == null && app == null) {
      throw new IllegalArgumentException("a GitHub provider needs an organization or an app");
    }
    visibility = List.copyOf(visibility);
    topicInclude = topicInclude == null ? null : List.copyOf(topicInclude);
    topicExclude = topicExclude == null ? null : List.copyOf(topicExclude);
  }

  /** The catalog path without its leading slash, as it goes into URLs and globs. */
  public String relativeCatalogPath() {
    return catalogPath.startsWith("/") ? catalogPath.substring(1) : catalogPath;
  }

  /**
   * Reads {@code catalog.providers.github}: one provider object (it has {@code organization} or
   * {@code app}) or a map of id to provider.
   *
   * @param node the value of {@code catalog.providers.github}; missing or null gives none
   * @throws IllegalArgumentException naming the key of a wrong value
   */
  public static List<GithubEntityProviderConfig> readAll(@Nullable JsonNode node) {
    String base = "catalog.providers.github";
    if (node == null || node.isMissingNode() || node.isNull()) {
      return List.of();
    }
    if (!node.isObject()) {
      throw new IllegalArgumentException(base + " must be an object");
    }
    if (node.has("organization") || node.has("app")) {
      return List.of(read("default", node, base));
    }
    List<GithubEntityProviderConfig> out = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      out.add(read(e.getKey(), e.getValue(), base + "." + e.getKey()));
    }
    return out;
  }

  static GithubEntityProviderConfig read(String id, JsonNode node, String key) {
    if (!node.isObject()) {
      throw new IllegalArgumentException(key + " must be an object");
    }
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (!KEYS.contains(e.getKey())) {
        throw new IllegalArgumentException(key + "." + e.getKey()
            + " is not a key of a GitHub provider (" + String.join(", ", new java.util.TreeSet<>(KEYS)) + ")");
      }
    }
    String organization = string(node, "organization", key);
    Long app = null;
    JsonNode appNode = node.path("app");
    if (!appNode.isMissingNode() && !appNode.isNull()) {
      if (!appNode.canConvertToExactIntegral()) {
        throw new IllegalArgumentException(key + ".app must be the number of a GitHub App");
      }
      app = appNode.asLong();
    }
    if (organization == null && app == null) {
      throw new IllegalArgumentException("Error while processing GitHub provider config " + key
          + ". Either organization or app must be specified.");
    }
    String catalogPath = string(node, "catalogPath", key);
    if (catalogPath == null) {
      catalogPath = "/catalog-info.yaml";
    }
    String host = string(node, "host", key);
    JsonNode filters = node.path("filters");
    String fkey = key + ".filters";
    if (!filters.isMissingNode() && !filters.isNull()) {
      if (!filters.isObject()) {
        throw new IllegalArgumentException(fkey + " must be an object");
      }
      for (Map.Entry<String, JsonNode> e : filters.properties()) {
        if (!FILTER_KEYS.contains(e.getKey())) {
          throw new IllegalArgumentException(fkey + "." + e.getKey()
              + " is not a filter (" + String.join(", ", new java.util.TreeSet<>(FILTER_KEYS)) + ")");
        }
      }
    }
    String branch = string(filters, "branch", fkey);
    if (branch != null && branch.contains("/")) {
      throw new IllegalArgumentException(fkey + ".branch: slash characters (/) are not allowed");
    }
    if (branch != null && branch.isEmpty()) {
      branch = null;
    }
    String repoPattern = string(filters, "repository", fkey);
    Pattern repository = null;
    if (repoPattern != null && !repoPattern.isEmpty()) {
      String p = repoPattern.startsWith("^") ? repoPattern : "^" + repoPattern;
      p = p.endsWith("$") ? p : p + "$";
      try {
        repository = Pattern.compile(p);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException(fkey + ".repository '" + repoPattern
            + "' is not a regular expression: " + e.getDescription());
      }
    }
    JsonNode topic = filters.path("topic");
    List<String> include = strings(topic, "include", fkey + ".topic");
    List<String> exclude = strings(topic, "exclude", fkey + ".topic");
    List<String> visibility = strings(filters, "visibility", fkey);
    boolean validate = bool(node, "validateLocationsExist", key, false);
    if (validate && catalogPath.contains("*")) {
      throw new IllegalArgumentException(key + ": the catalog path " + catalogPath
          + " contains a wildcard, which is incompatible with validateLocationsExist; set it to"
          + " false");
    }
    int pageSize = 25;
    JsonNode sizes = node.path("pageSizes");
    if (sizes.has("repositories")) {
      if (!sizes.path("repositories").canConvertToExactIntegral()
          || sizes.path("repositories").asInt() < 1 || sizes.path("repositories").asInt() > 100) {
        throw new IllegalArgumentException(key + ".pageSizes.repositories must be a number from 1"
            + " to 100");
      }
      pageSize = sizes.path("repositories").asInt();
    }
    TaskSchedule schedule = node.has("schedule")
        ? TaskSchedule.fromConfig(key + ".schedule", node.path("schedule")) : DEFAULT_SCHEDULE;
    return new GithubEntityProviderConfig(id, organization, app,
        host == null ? "github.com" : host.toLowerCase(java.util.Locale.ROOT), catalogPath, branch,
        repository, include, exclude, visibility == null ? List.of() : visibility,
        bool(filters, "allowForks", fkey, true), bool(filters, "allowArchived", fkey, false),
        validate, pageSize, schedule);
  }

  static @Nullable String string(JsonNode node, String field, String key) {
    JsonNode v = node.path(field);
    if (v.isMissingNode() || v.isNull()) {
      return null;
    }
    if (!v.isString()) {
      throw new IllegalArgumentException(key + "." + field + " must be a string");
    }
    return v.asString();
  }

  static @Nullable List<String> strings(JsonNode node, String field, String key) {
    JsonNode v = node.path(field);
    if (v.isMissingNode() || v.isNull()) {
      return null;
    }
    if (!v.isArray()) {
      throw new IllegalArgumentException(key + "." + field + " must be a list of strings");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode s : v) {
      if (!s.isString()) {
        throw new IllegalArgumentException(key + "." + field + " must be a list of strings");
      }
      out.add(s.asString());
    }
    return out;
  }

  static boolean bool(JsonNode node, String field, String key, boolean dflt) {
    JsonNode v = node.path(field);
    if (v.isMissingNode() || v.isNull()) {
      return dflt;
    }
    if (!v.isBoolean()) {
      throw new IllegalArgumentException(key + "." + field + " must be true or false");
    }
    return v.asBoolean();
  }
}
