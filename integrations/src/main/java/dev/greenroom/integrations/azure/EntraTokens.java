package dev.greenroom.integrations.azure;

import dev.greenroom.catalog.processing.ProcessingError;
import dev.greenroom.catalog.processing.ProcessingException;
import dev.greenroom.integrations.AzureIntegrationConfig.Credential;
import dev.greenroom.integrations.internal.ScmHttp;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Access tokens for Azure DevOps from Microsoft Entra ID with a client secret (the OAuth 2.0 client
 * credentials grant at {@code {authority}/{tenantId}/oauth2/v2.0/token} for Azure DevOps' resource
 * {@code 499b84ac-1321-427f-aa17-267ca6975798/.default}, as Backstage's {@code
 * ClientSecretCredential} asks), cached until five minutes before they expire. Thread-safe; one
 * request at a time per credential.
 */
final class EntraTokens {
  /** Azure DevOps' application id: the resource its tokens are for. */
  static final String AZURE_DEVOPS_SCOPE = "499b84ac-1321-427f-aa17-267ca6975798/.default";
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Duration EARLY = Duration.ofMinutes(5);

  private final Credential credential;
  private final URI tokenUri;
  private final ScmHttp http;
  private final Clock clock;
  private final long maxBytes;
  private String token;
  private Instant expires = Instant.MIN;

  EntraTokens(Credential credential, String authorityHost, ScmHttp http, Clock clock, long maxBytes) {
    this.credential = credential;
    this.tokenUri = URI.create(authorityHost.replaceAll("/+$", "") + "/"
        + URLEncoder.encode(credential.tenantId(), StandardCharsets.UTF_8) + "/oauth2/v2.0/token");
    this.http = http;
    this.clock = clock;
    this.maxBytes = maxBytes;
  }

  /** A valid access token, fetched when the cached one is about to expire. */
  synchronized String token(String url) {
    Instant now = clock.instant();
    if (token != null && now.isBefore(expires.minus(EARLY))) {
      return token;
    }
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "client_credentials");
    form.put("client_id", credential.clientId());
    form.put("client_secret", credential.clientSecret().reveal());
    form.put("scope", AZURE_DEVOPS_SCOPE);
    String what = url + " (an Entra ID token for client " + credential.clientId() + ")";
    ScmHttp.Answer a = http.postForm(tokenUri, form, what);
    JsonNode body;
    try {
      body = JSON.readTree(http.readAll(a, maxBytes, what));
    } catch (ProcessingException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new ProcessingException(ProcessingError.general("Unable to read " + what + " with the "
          + http.integration() + ": Entra ID answered " + tokenUri + " with invalid JSON"));
    }
    String access = body.path("access_token").asString("");
    long seconds = body.path("expires_in").asLong(0);
    if (access.isEmpty() || seconds <= 0) {
      throw new ProcessingException(ProcessingError.general("Unable to read " + what + " with the "
          + http.integration() + ": Entra ID answered " + tokenUri + " without an access token"));
    }
    token = access;
    expires = now.plusSeconds(seconds);
    return token;
  }
}
