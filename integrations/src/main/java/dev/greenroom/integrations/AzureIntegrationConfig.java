package dev.greenroom.integrations;

import static dev.greenroom.integrations.ConfigNodes.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One entry of {@code integrations.azure} (Backstage's {@code AzureIntegrationConfig}).
 *
 * @param host the host, {@code dev.azure.com} by default
 * @param apiVersion the API version, {@code 6.0} by default
 * @param credentials the credentials (the deprecated {@code token} and {@code credential} keys
 *     become entries here); empty for anonymous access
 */
public record AzureIntegrationConfig(String host, String apiVersion, List<Credential> credentials) {
  /** Azure DevOps' host. */
  public static final String AZURE_HOST = "dev.azure.com";
  /** The default API version. */
  public static final String AZURE_API_VERSION = "6.0";

  public AzureIntegrationConfig {
    credentials = List.copyOf(credentials);
  }

  /** The anonymous {@code dev.azure.com} entry Backstage adds when none is configured. */
  public static AzureIntegrationConfig publicAzure() {
    return new AzureIntegrationConfig(AZURE_HOST, AZURE_API_VERSION, List.of());
  }

  /** The kinds of Azure DevOps credentials. */
  public enum Kind {
    /** {@code personalAccessToken}. */
    PersonalAccessToken,
    /** {@code tenantId}, {@code clientId}, {@code clientSecret} (dev.azure.com only). */
    ClientSecret,
    /** {@code clientId} (dev.azure.com only). */
    ManagedIdentity
  }

  /**
   * One credential.
   *
   * @param kind what it is, from the keys present
   * @param organizations the organisations it is for; empty for any
   * @param personalAccessToken the token of {@code PersonalAccessToken}
   * @param tenantId the tenant of {@code ClientSecret}
   * @param clientId the client of {@code ClientSecret} and {@code ManagedIdentity}
   * @param clientSecret the secret of {@code ClientSecret}
   */
  public record Credential(
      Kind kind,
      List<String> organizations,
      @Nullable Secret personalAccessToken,
      @Nullable String tenantId,
      @Nullable String clientId,
      @Nullable Secret clientSecret) {
    public Credential {
      organizations = List.copyOf(organizations);
    }
  }

  /** Reads one entry as Backstage's {@code readAzureIntegrationConfig}. */
  public static AzureIntegrationConfig read(JsonNode node, String path) {
    String h = optionalString(node, "host", path);
    String host = validHost(h == null ? AZURE_HOST : h, join(path, "host"), "Azure");
    String apiVersion = optionalString(node, "apiVersion", path);
    boolean hasToken = !node.path("token").isMissingNode();
    boolean hasCredential = !node.path("credential").isMissingNode();
    boolean hasCredentials = !node.path("credentials").isMissingNode();
    if (hasCredential && hasCredentials) {
      throw invalid(path, "Invalid Azure integration config, 'credential' and 'credentials' cannot"
          + " be used together. Use 'credentials' instead.");
    }
    if (hasToken && hasCredentials) {
      throw invalid(path, "Invalid Azure integration config, 'token' and 'credentials' cannot be"
          + " used together. Use 'credentials' instead.");
    }
    List<Credential> credentials = new ArrayList<>();
    List<JsonNode> nodes = list(node, "credentials", path);
    for (int i = 0; i < nodes.size(); i++) {
      credentials.add(credential(nodes.get(i), join(path, "credentials") + "[" + i + "]", i));
    }
    Secret token = optionalSecret(node, "token", path);
    if (token != null) {
      credentials.add(new Credential(Kind.PersonalAccessToken, List.of(), token, null, null, null));
    }
    if (hasCredential) {
      JsonNode c = node.path("credential");
      if (!c.isObject()) {
        throw invalid(join(path, "credential"), "must be an object, got " + type(c));
      }
      credentials.add(credential(c, join(path, "credential"), credentials.size()));
    }
    Map<String, Integer> byOrg = new HashMap<>();
    int withoutOrg = 0;
    for (int i = 0; i < credentials.size(); i++) {
      Credential c = credentials.get(i);
      if (c.kind() != Kind.PersonalAccessToken && !host.equals(AZURE_HOST)) {
        throw invalid(path, "Invalid Azure integration config for " + host
            + ", only personal access tokens can be used with hosts other than " + AZURE_HOST);
      }
      if (c.organizations().isEmpty()) {
        withoutOrg++;
      }
      for (String org : c.organizations()) {
        Integer before = byOrg.put(org, i + 1);
        if (before != null) {
          throw invalid(path, "Invalid Azure integration config for " + host + ": organization "
              + org + " is specified multiple times in credentials at positions " + before
              + " and " + (i + 1));
        }
      }
    }
    if (withoutOrg > 1) {
      throw invalid(path, "Invalid Azure integration config for " + host
          + ", you cannot specify multiple credentials without organizations");
    }
    return new AzureIntegrationConfig(
        host, apiVersion == null ? AZURE_API_VERSION : apiVersion, credentials);
  }

  private static Credential credential(JsonNode c, String path, int index) {
    List<String> orgs = optionalStrings(c, "organizations", path);
    Secret pat = optionalSecret(c, "personalAccessToken", path);
    if (pat == null) {
      pat = optionalSecret(c, "token", path); // the deprecated 'credential.token'
    }
    String tenantId = optionalString(c, "tenantId", path);
    String clientId = optionalString(c, "clientId", path);
    Secret clientSecret = optionalSecret(c, "clientSecret", path);
    Kind kind;
    if (pat != null && tenantId == null && clientId == null && clientSecret == null) {
      kind = Kind.PersonalAccessToken;
    } else if (pat == null && tenantId != null && clientId != null && clientSecret != null) {
      kind = Kind.ClientSecret;
    } else if (pat == null && tenantId == null && clientId != null && clientSecret == null) {
      kind = Kind.ManagedIdentity;
    } else {
      throw invalid(path, "Invalid Azure integration config: credential at position " + (index + 1)
          + " is not a valid credential");
    }
    return new Credential(kind, orgs == null ? List.of() : orgs, pat, tenantId, clientId, clientSecret);
  }
}
