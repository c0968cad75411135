package dev.greenroom.integrations;

import static dev.greenroom.integrations.ConfigNodes.*;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One entry of {@code integrations.gitlab} (Backstage's {@code GitLabIntegrationConfig}).
 *
 * @param host the host URLs are matched on (required)
 * @param apiBaseUrl the API base, {@code https://gitlab.com/api/v4} for {@code gitlab.com};
 *     required for other hosts
 * @param baseUrl the web base, {@code https://<host>} by default
 * @param token an access token, or null
 */
public record GitlabIntegrationConfig(
    String host, String apiBaseUrl, String baseUrl, @Nullable Secret token) {
  /** Public GitLab's host. */
  public static final String GITLAB_HOST = "gitlab.com";
  /** Public GitLab's API. */
  public static final String GITLAB_API_BASE_URL = "https://gitlab.com/api/v4";

  /** The anonymous {@code gitlab.com} entry Backstage adds when none is configured. */
  public static GitlabIntegrationConfig publicGitlab() {
    return new GitlabIntegrationConfig(GITLAB_HOST, GITLAB_API_BASE_URL, "https://" + GITLAB_HOST, null);
  }

  /** Reads one entry as Backstage's {@code readGitLabIntegrationConfig}. */
  public static GitlabIntegrationConfig read(JsonNode node, String path) {
    String host = validHost(string(node, "host", path), join(path, "host"), "GitLab");
    String api = url(optionalString(node, "apiBaseUrl", path), join(path, "apiBaseUrl"));
    if (api == null) {
      if (!host.equals(GITLAB_HOST)) {
        throw invalid(join(path, "apiBaseUrl"),
            "is required for the GitLab host '" + host + "' (e.g. https://" + host + "/api/v4)");
      }
      api = GITLAB_API_BASE_URL;
    }
    String base = url(optionalString(node, "baseUrl", path), join(path, "baseUrl"));
    return new GitlabIntegrationConfig(
        host, api, base == null ? "https://" + host : base, optionalSecret(node, "token", path));
  }
}
