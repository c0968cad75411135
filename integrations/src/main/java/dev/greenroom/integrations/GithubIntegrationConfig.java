package dev.greenroom.integrations;

import static dev.greenroom.integrations.ConfigNodes.*;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One entry of {@code integrations.github} (Backstage's {@code GitHubIntegrationConfig}).
 *
 * @param host the host URLs are matched on, {@code github.com} by default; {@code host:port} for a
 *     port
 * @param apiBaseUrl the REST API base without a trailing slash; {@code https://api.github.com} for
 *     {@code github.com}, required in practice for GitHub Enterprise hosts
 * @param rawBaseUrl the raw file base; {@code https://raw.githubusercontent.com} for {@code
 *     github.com}
 * @param token a personal access token, or null
 * @param apps GitHub Apps whose installation tokens are preferred to {@code token}
 */
public record GithubIntegrationConfig(
    String host,
    @Nullable String apiBaseUrl,
    @Nullable String rawBaseUrl,
    @Nullable Secret token,
    List<GithubAppConfig> apps) {
  /** Public GitHub's host. */
  public static final String GITHUB_HOST = "github.com";
  /** Public GitHub's API. */
  public static final String GITHUB_API_BASE_URL = "https://api.github.com";
  /** Public GitHub's raw file host. */
  public static final String GITHUB_RAW_BASE_URL = "https://raw.githubusercontent.com";

  public GithubIntegrationConfig {
    apps = List.copyOf(apps);
  }

  /** The anonymous {@code github.com} entry Backstage adds when none is configured. */
  public static GithubIntegrationConfig publicGithub() {
    return new GithubIntegrationConfig(
        GITHUB_HOST, GITHUB_API_BASE_URL, GITHUB_RAW_BASE_URL, null, List.of());
  }

  /**
   * Reads one entry as Backstage's {@code readGitHubIntegrationConfig}.
   *
   * @param node the entry
   * @param path its key in messages, e.g. {@code integrations.github[0]}
   * @throws IntegrationException naming the key when a value has the wrong shape
   */
  public static GithubIntegrationConfig read(JsonNode node, String path) {
    String host = validHost(
        optionalString(node, "host", path) == null ? GITHUB_HOST : optionalString(node, "host", path),
        join(path, "host"), "GitHub");
    String api = url(optionalString(node, "apiBaseUrl", path), join(path, "apiBaseUrl"));
    String raw = url(optionalString(node, "rawBaseUrl", path), join(path, "rawBaseUrl"));
    if (api == null && host.equals(GITHUB_HOST)) {
      api = GITHUB_API_BASE_URL;
    }
    if (raw == null && host.equals(GITHUB_HOST)) {
      raw = GITHUB_RAW_BASE_URL;
    }
    Secret token = optionalSecret(node, "token", path);
    List<GithubAppConfig> apps = new ArrayList<>();
    List<JsonNode> appNodes = list(node, "apps", path);
    for (int i = 0; i < appNodes.size(); i++) {
      apps.add(GithubAppConfig.read(appNodes.get(i), join(path, "apps") + "[" + i + "]"));
    }
    return new GithubIntegrationConfig(host, api, raw, token, apps);
  }
}
