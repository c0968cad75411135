package dev.greenroom.integrations;

import static dev.greenroom.integrations.ConfigNodes.*;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One entry of {@code integrations.bitbucketCloud} (Backstage's {@code
 * BitbucketCloudIntegrationConfig}): always {@code bitbucket.org} and its 2.0 API.
 *
 * @param host {@code bitbucket.org}
 * @param apiBaseUrl {@code https://api.bitbucket.org/2.0}
 * @param username the user the token or app password belongs to; null only for the anonymous entry
 * @param appPassword an app password, or null
 * @param token an API token, or null
 */
public record BitbucketCloudIntegrationConfig(
    String host,
    String apiBaseUrl,
    @Nullable String username,
    @Nullable Secret appPassword,
    @Nullable Secret token) {
  /** Bitbucket Cloud's host. */
  public static final String HOST = "bitbucket.org";
  /** Bitbucket Cloud's API. */
  public static final String API_BASE_URL = "https://api.bitbucket.org/2.0";

  /** The anonymous entry Backstage adds when none is configured. */
  public static BitbucketCloudIntegrationConfig anonymous() {
    return new BitbucketCloudIntegrationConfig(HOST, API_BASE_URL, null, null, null);
  }

  /** Reads one entry: {@code username} and a {@code token} or {@code appPassword} are required. */
  public static BitbucketCloudIntegrationConfig read(JsonNode node, String path) {
    String username = string(node, "username", path);
    Secret token = optionalSecret(node, "token", path);
    Secret appPassword = optionalSecret(node, "appPassword", path);
    if (token == null && appPassword == null) {
      throw invalid(path, "Bitbucket Cloud integration must configure either a token or appPassword");
    }
    return new BitbucketCloudIntegrationConfig(HOST, API_BASE_URL, username, appPassword, token);
  }
}
