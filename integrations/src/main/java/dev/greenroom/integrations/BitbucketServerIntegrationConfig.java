package dev.greenroom.integrations;

import static dev.greenroom.integrations.ConfigNodes.*;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One entry of {@code integrations.bitbucketServer} (Backstage's {@code
 * BitbucketServerIntegrationConfig}); no default entry is added.
 *
 * @param host the host (required)
 * @param apiBaseUrl the API base, {@code https://<host>/rest/api/1.0} by default
 * @param token a personal access token, preferred to username and password
 * @param username the user of basic authentication, or null
 * @param password the password of basic authentication, or null
 */
public record BitbucketServerIntegrationConfig(
    String host,
    String apiBaseUrl,
    @Nullable Secret token,
    @Nullable String username,
    @Nullable Secret password) {

  /** Reads one entry as Backstage's {@code readBitbucketServerIntegrationConfig}. */
  public static BitbucketServerIntegrationConfig read(JsonNode node, String path) {
    String host = validHost(string(node, "host", path), join(path, "host"), "Bitbucket Server");
    String api = url(optionalString(node, "apiBaseUrl", path), join(path, "apiBaseUrl"));
    return new BitbucketServerIntegrationConfig(
        host,
        api == null ? "https://" + host + "/rest/api/1.0" : api,
        optionalSecret(node, "token", path),
        optionalString(node, "username", path),
        optionalSecret(node, "password", path));
  }
}
