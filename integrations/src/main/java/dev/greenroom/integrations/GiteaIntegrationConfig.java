package dev.greenroom.integrations;

import static dev.greenroom.integrations.ConfigNodes.*;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One entry of {@code integrations.gitea} (Backstage's {@code GiteaIntegrationConfig}).
 *
 * @param host the host (required)
 * @param baseUrl the instance's URL, {@code https://<host>} by default
 * @param username the user, or null
 * @param password the password or token, or null
 */
public record GiteaIntegrationConfig(
    String host, String baseUrl, @Nullable String username, @Nullable Secret password) {

  /** Reads one entry as Backstage's {@code readGiteaConfig}. */
  public static GiteaIntegrationConfig read(JsonNode node, String path) {
    String host = validHost(string(node, "host", path), join(path, "host"), "Gitea");
    String base = url(optionalString(node, "baseUrl", path), join(path, "baseUrl"));
    return new GiteaIntegrationConfig(
        host,
        base == null ? "https://" + host : base,
        optionalString(node, "username", path),
        optionalSecret(node, "password", path));
  }
}
