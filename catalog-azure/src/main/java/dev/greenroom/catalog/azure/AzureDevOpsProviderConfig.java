package dev.greenroom.catalog.azure;

import dev.greenroom.catalog.processing.schedule.TaskSchedule;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One provider under {@code catalog.providers.azureDevOps} (Backstage's {@code
 * AzureDevOpsConfig}, read as its {@code readAzureDevOpsConfigs} reads it).
 *
 * <pre>{@code
 * catalog:
 *   providers:
 *     azureDevOps:
 *       yourProviderId:
 *         organization: myorg               # required
 *         project: myproject                # required; '*' for every project
 *         host: dev.azure.com               # the default; an integrations.azure host
 *         repository: 'service-*'           # the default is '*'
 *         path: /catalog-info.yaml          # the default; code search wildcards allowed
 *         branch: main                      # the default branch of each repository otherwise
 *         schedule: { frequency: { minutes: 30 }, timeout: { minutes: 3 } }
 * }</pre>
 *
 * @param id the provider's id
 * @param host the lower-case {@code host[:port]} of the Azure integration
 * @param organization the organisation (the collection on Azure DevOps Server)
 * @param project the project, or a wildcard
 * @param repository the repository, or a wildcard
 * @param path the path of catalog files in a repository, as code search's {@code path:} filter
 * @param branch the branch searched, or null for each repository's default branch
 * @param searchBaseUrl Greenroom's: where code search is asked instead of Backstage's ({@code
 *     https://almsearch.dev.azure.com} for Azure DevOps Services, {@code https://<host>} for a
 *     server), for a proxy or a test server; null for Backstage's
 * @param schedule the schedule, or null when the host gives one in code
 */
public record AzureDevOpsProviderConfig(
    String id,
    String host,
    String organization,
    String project,
    String repository,
    String path,
    @Nullable String branch,
    @Nullable String searchBaseUrl,
    @Nullable TaskSchedule schedule) {
  /** The config key the providers live under. */
  public static final String KEY = "catalog.providers.azureDevOps";

  /**
   * Reads the {@code catalog.providers.azureDevOps} node (missing: no providers); each property
   * is a provider by id.
   *
   * @throws AzureDevOpsConfigException naming the key when a value is missing or has the wrong
   *     shape
   */
  public static List<AzureDevOpsProviderConfig> readAll(JsonNode node) {
    List<AzureDevOpsProviderConfig> out = new ArrayList<>();
    if (node == null || node.isMissingNode() || node.isNull()) {
      return out;
    }
    if (!node.isObject()) {
      throw new AzureDevOpsConfigException(KEY + " must be an object of providers by id");
    }
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      String key = KEY + "." + e.getKey();
      JsonNode n = e.getValue();
      if (!n.isObject()) {
        throw new AzureDevOpsConfigException(key + " must be an object");
      }
      String host = orDefault(string(n, "host", key), "dev.azure.com").toLowerCase(Locale.ROOT);
      String path = orDefault(string(n, "path", key), "/catalog-info.yaml");
      String search = string(n, "searchBaseUrl", key);
      if (search != null) {
        URI u;
        try {
          u = URI.create(search);
        } catch (IllegalArgumentException ex) {
          throw new AzureDevOpsConfigException(key + ".searchBaseUrl '" + search + "' is not a URL");
        }
        if (u.getHost() == null || !("https".equals(u.getScheme()) || "http".equals(u.getScheme()))
            || u.getRawQuery() != null || u.getRawUserInfo() != null) {
          throw new AzureDevOpsConfigException(key + ".searchBaseUrl '" + search
              + "' must be an http(s) URL without credentials or query");
        }
        search = search.replaceAll("/+$", "");
      }
      out.add(new AzureDevOpsProviderConfig(
          e.getKey(),
          host,
          required(n, "organization", key),
          required(n, "project", key),
          orDefault(string(n, "repository", key), "*"),
          path,
          orNull(string(n, "branch", key)),
          search,
          schedule(n, key)));
    }
    return out;
  }

  private static String required(JsonNode n, String field, String key) {
    String s = string(n, field, key);
    if (s == null || s.isBlank()) {
      throw new AzureDevOpsConfigException(key + "." + field + " is required");
    }
    if (s.contains("/")) {
      throw new AzureDevOpsConfigException(key + "." + field + " '" + s + "' must be a name without '/'");
    }
    return s;
  }

  private static @Nullable String string(JsonNode n, String field, String key) {
    JsonNode v = n.path(field);
    if (v.isMissingNode() || v.isNull()) {
      return null;
    }
    if (!v.isString()) {
      throw new AzureDevOpsConfigException(key + "." + field + " must be a string");
    }
    return v.asString();
  }

  /** Backstage reads optional strings with {@code ||}: an empty one is the default. */
  private static String orDefault(@Nullable String s, String fallback) {
    return s == null || s.isEmpty() ? fallback : s;
  }

  private static @Nullable String orNull(@Nullable String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  private static @Nullable TaskSchedule schedule(JsonNode n, String key) {
    JsonNode s = n.path("schedule");
    if (s.isMissingNode() || s.isNull()) {
      return null;
    }
    try {
      return TaskSchedule.fromConfig(key + ".schedule", s);
    } catch (IllegalArgumentException e) {
      throw new AzureDevOpsConfigException(e.getMessage(), e);
    }
  }
}
