package dev.greenroom.integrations;

import static dev.greenroom.integrations.ConfigNodes.*;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One entry of {@code integrations.gerrit} (Backstage's {@code GerritIntegrationConfig}).
 *
 * @param host the host (required)
 * @param baseUrl the instance's URL, {@code https://<host>} by default
 * @param cloneUrl the base for cloning, {@code baseUrl} by default
 * @param gitilesBaseUrl Gitiles' base, {@code https://<host>} by default
 * @param username the user, or null
 * @param password the password or HTTP token, or null
 */
public record GerritIntegrationConfig(
    String host,
    String baseUrl,
    String cloneUrl,
    String gitilesBaseUrl,
    @Nullable String username,
    @Nullable Secret password) {

  /** Reads one entry as Backstage's {@code readGerritIntegrationConfig}. */
  public static GerritIntegrationConfig read(JsonNode node, String path) {
    String host = validHost(string(node, "host", path), join(path, "host"), "Gerrit");
    String base = url(optionalString(node, "baseUrl", path), join(path, "baseUrl"));
    String clone = url(optionalString(node, "cloneUrl", path), join(path, "cloneUrl"));
    String gitiles = url(optionalString(node, "gitilesBaseUrl", path), join(path, "gitilesBaseUrl"));
    String b = base == null ? "https://" + host : base;
    return new GerritIntegrationConfig(
        host,
        b,
        clone == null ? b : clone,
        gitiles == null ? "https://" + host : gitiles,
        optionalString(node, "username", path),
        optionalSecret(node, "password", path));
  }
}
