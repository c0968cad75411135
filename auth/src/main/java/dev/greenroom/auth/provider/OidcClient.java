package dev.greenroom.auth.provider;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.greenroom.catalog.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The relying-party side of OpenID Connect for {@link OidcProvider}: discovery, the token endpoint
 * (code and refresh grants, {@code client_secret_basic} or {@code client_secret_post}), userinfo,
 * and ID token validation (signature against the issuer's JWKS, {@code iss}, {@code aud}, {@code
 * azp}, {@code exp}, {@code nonce}). Every call has a timeout and a response size limit; neither
 * the client secret nor any token appears in an exception message.
 */
final class OidcClient {
  /** The largest answer read from the issuer. */
  static final int MAX_RESPONSE_BYTES = 1 << 20;

  /** Discovered endpoints. */
  record Metadata(String issuer, URI authorizationEndpoint, URI tokenEndpoint,
      @Nullable URI userinfoEndpoint, URI jwksUri, @Nullable URI revocationEndpoint) {}

  /** A token endpoint's answer. */
  record Tokens(String accessToken, String tokenType, @Nullable String idToken,
      @Nullable String refreshToken, @Nullable String scope, @Nullable Long expiresIn) {
    @Override
    public String toString() {
      return "Tokens[tokenType=" + tokenType + ", scope=" + scope + "]";
    }
  }

  /** A status and a size-limited body. */
  private record Answer(int status, byte[] body) {}

  private final URI metadataUrl;
  private final String clientId;
  private final String clientSecret;
  private final boolean secretPost;
  private final JWSAlgorithm idTokenAlgorithm;
  private final HttpClient http;
  private final Duration timeout;
  private final Clock clock;
  private volatile @Nullable Metadata metadata;
  private volatile JWKSet keys = new JWKSet();
  private volatile Instant keysFetched = Instant.EPOCH;

  OidcClient(URI metadataUrl, String clientId, String clientSecret, boolean secretPost,
      JWSAlgorithm idTokenAlgorithm, HttpClient http, Duration timeout, Clock clock) {
    String s = metadataUrl.toString();
    this.metadataUrl = s.contains("/.well-known/") ? metadataUrl
        : URI.create(s.replaceAll("/+$", "") + "/.well-known/openid-configuration");
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    this.secretPost = secretPost;
    this.idTokenAlgorithm = idTokenAlgorithm;
    this.http = http;
    this.timeout = timeout;
    this.clock = clock;
  }

  String clientId() {
    return clientId;
  }

  /** The issuer's metadata, fetched once (again after a failure). */
  Metadata metadata() {
    Metadata m = metadata;
    if (m != null) {
      return m;
    }
    synchronized (this) {
      if (metadata == null) {
        JsonNode n = json(send(HttpRequest.newBuilder(metadataUrl).GET()), metadataUrl);
        String issuer = n.path("issuer").asString("");
        if (issuer.isEmpty()) {
          throw new OidcException(OidcException.Kind.UNAVAILABLE, "The OpenID configuration at "
              + metadataUrl + " has no issuer");
        }
        URI userinfo = optionalUrl(n, "userinfo_endpoint");
        metadata = new Metadata(issuer, url(n, "authorization_endpoint"),
            url(n, "token_endpoint"), userinfo, url(n, "jwks_uri"),
            optionalUrl(n, "revocation_endpoint"));
      }
      return metadata;
    }
  }

  private URI url(JsonNode n, String field) {
    URI u = optionalUrl(n, field);
    if (u == null) {
      throw new OidcException(OidcException.Kind.UNAVAILABLE, "The OpenID configuration at " + metadataUrl
          + " has no " + field);
    }
    return u;
  }

  private @Nullable URI optionalUrl(JsonNode n, String field) {
    String s = n.path(field).asString("");
    if (s.isEmpty()) {
      return null;
    }
    try {
      URI u = new URI(s);
      if (u.getHost() == null || !(u.getScheme().equals("https") || u.getScheme().equals("http"))) {
        throw new IllegalArgumentException();
      }
      return u;
    } catch (Exception e) {
      throw new OidcException(OidcException.Kind.UNAVAILABLE, "The OpenID configuration at " + metadataUrl
          + " has an invalid " + field + ": '" + s + "'");
    }
  }

  /** The authorization code grant, with the PKCE verifier. */
  Tokens exchangeCode(String code, URI redirectUri, String codeVerifier) {
    return tokens(form("grant_type", "authorization_code", "code", code,
        "redirect_uri", redirectUri.toString(), "code_verifier", codeVerifier));
  }

  /** The refresh token grant. */
  Tokens refresh(String refreshToken) {
    return tokens(form("grant_type", "refresh_token", "refresh_token", refreshToken));
  }

  /** Revokes a refresh token where the issuer offers revocation; failures are ignored. */
  void revoke(String refreshToken) {
    URI endpoint = metadata().revocationEndpoint();
    if (endpoint != null) {
      send(authenticated(HttpRequest.newBuilder(endpoint),
          form("token", refreshToken, "token_type_hint", "refresh_token")));
    }
  }

  private Tokens tokens(String form) {
    URI endpoint = metadata().tokenEndpoint();
    Answer r = send(authenticated(HttpRequest.newBuilder(endpoint), form));
    JsonNode n;
    try {
      n = parse(r.body(), endpoint);
    } catch (OidcException e) {
      if (r.status() == 200) {
        throw e;
      }
      n = Json.object();
    }
    if (r.status() != 200) {
      String error = n.path("error").asString("http_" + r.status());
      String description = n.path("error_description").asString("");
      throw new OidcException(error.equals("invalid_grant") ? OidcException.Kind.INVALID_GRANT
          : OidcException.Kind.AUTHENTICATION, "The token endpoint of " + endpoint.getHost()
          + " refused the request: " + clip(error) + (description.isEmpty() ? ""
          : " (" + clip(description) + ")"));
    }
    String accessToken = n.path("access_token").asString("");
    if (accessToken.isEmpty()) {
      throw new OidcException(OidcException.Kind.AUTHENTICATION, "The token endpoint of "
          + endpoint.getHost() + " answered without an access_token");
    }
    return new Tokens(accessToken, n.path("token_type").asString("bearer"),
        text(n, "id_token"), text(n, "refresh_token"), text(n, "scope"),
        n.path("expires_in").isNumber() ? n.path("expires_in").asLong() : null);
  }

  private HttpRequest.Builder authenticated(HttpRequest.Builder b, String form) {
    String body = form;
    if (secretPost) {
      body = form + "&" + form("client_id", clientId, "client_secret", clientSecret);
    } else {
      // RFC 6749 2.3.1: the client id and secret are form-encoded before basic encoding
      String basic = URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":"
          + URLEncoder.encode(clientSecret, StandardCharsets.UTF_8);
      b.header("Authorization", "Basic "
          + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
    }
    return b.header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body));
  }

  /** The userinfo endpoint's claims for an access token, or null without such an endpoint. */
  @Nullable Map<String, Object> userinfo(String accessToken) {
    URI endpoint = metadata().userinfoEndpoint();
    if (endpoint == null) {
      return null;
    }
    Answer r = send(HttpRequest.newBuilder(endpoint)
        .header("Authorization", "Bearer " + accessToken).GET());
    if (r.status() != 200) {
      throw new OidcException(OidcException.Kind.AUTHENTICATION, "The userinfo endpoint of "
          + endpoint.getHost() + " answered " + r.status());
    }
    JsonNode n = parse(r.body(), endpoint);
    if (!n.isObject()) {
      throw new OidcException(OidcException.Kind.AUTHENTICATION, "The userinfo endpoint of "
          + endpoint.getHost() + " did not answer a JSON object");
    }
    return Json.mapper().convertValue(n, Json.mapper().getTypeFactory()
        .constructMapType(LinkedHashMap.class, String.class, Object.class));
  }

  /**
   * Validates an ID token: signed with the configured algorithm by a key of the issuer's JWKS,
   * {@code iss} the issuer, {@code aud} containing the client id ({@code azp} the client when
   * there are several audiences), unexpired (a minute of skew), {@code sub} present, and {@code
   * nonce} equal to {@code expectedNonce} when given.
   */
  JWTClaimsSet validateIdToken(String idToken, @Nullable String expectedNonce) {
    Metadata m = metadata();
    DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
    p.setJWSKeySelector(new JWSVerificationKeySelector<>(idTokenAlgorithm, new IssuerKeys()));
    p.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(clientId,
        new JWTClaimsSet.Builder().issuer(m.issuer()).build(), Set.of("sub", "iat", "exp")) {
      @Override
      protected Date currentTime() {
        return Date.from(clock.instant());
      }
    });
    JWTClaimsSet claims;
    try {
      if (idToken.length() > 32768) {
        throw new BadJWTException("too large");
      }
      claims = p.process(idToken, null);
    } catch (ParseException | BadJOSEException | com.nimbusds.jose.JOSEException e) {
      throw new OidcException(OidcException.Kind.AUTHENTICATION, "The ID token from " + m.issuer()
          + " was refused: " + explain(String.valueOf(e.getMessage()), m.issuer()));
    }
    List<String> aud = claims.getAudience();
    Object azp = claims.getClaim("azp");
    if (aud.size() > 1 && !clientId.equals(azp) || azp != null && !clientId.equals(azp)) {
      throw new OidcException(OidcException.Kind.AUTHENTICATION, "The ID token from " + m.issuer()
          + " was refused: it was issued to another party (azp)");
    }
    if (expectedNonce != null) {
      Object nonce = claims.getClaim("nonce");
      if (!(nonce instanceof String s) || !java.security.MessageDigest.isEqual(
          s.getBytes(StandardCharsets.UTF_8), expectedNonce.getBytes(StandardCharsets.UTF_8))) {
        throw new OidcException(OidcException.Kind.AUTHENTICATION, "The ID token from " + m.issuer()
            + " was refused: its nonce does not match this sign-in");
      }
    }
    return claims;
  }

  /** Nimbus' reason, in the words of the check that failed. */
  private String explain(String reason, String issuer) {
    if (reason.contains("aud claim")) {
      return "its audience (aud) is not the client id '" + clientId + "'";
    }
    if (reason.contains("Expired")) {
      return "it has expired (exp)";
    }
    if (reason.contains("iss claim") || reason.contains("claim value mismatch")) {
      return "its issuer (iss) is not " + issuer;
    }
    if (reason.contains("signature") || reason.contains("no matching key")) {
      return "its signature is not from a key of the issuer's key set with "
          + idTokenAlgorithm + " (" + reason + ")";
    }
    if (reason.contains("plain")) {
      return "it is not signed (alg none, a plain JWT)";
    }
    return reason;
  }

  /** The issuer's keys, fetched again (at most every ten seconds) when a key is not found. */
  private final class IssuerKeys implements JWKSource<SecurityContext> {
    @Override
    public List<JWK> get(JWKSelector selector, @Nullable SecurityContext context) {
      List<JWK> found = selector.select(keys);
      if (found.isEmpty() && keysFetched.plusSeconds(10).isBefore(clock.instant())) {
        URI uri = metadata().jwksUri();
        Answer r = send(HttpRequest.newBuilder(uri).GET());
        if (r.status() != 200) {
          throw new OidcException(OidcException.Kind.UNAVAILABLE, "The key set of " + uri.getHost()
              + " answered " + r.status());
        }
        try {
          keys = JWKSet.parse(new String(r.body(), StandardCharsets.UTF_8));
        } catch (ParseException e) {
          throw new OidcException(OidcException.Kind.UNAVAILABLE, "The key set at " + uri
              + " is not a JWK set: " + e.getMessage());
        }
        keysFetched = clock.instant();
        found = selector.select(keys);
      }
      return found;
    }
  }

  private Answer send(HttpRequest.Builder b) {
    HttpRequest request = b.timeout(timeout).header("Accept", "application/json").build();
    try {
      HttpResponse<InputStream> r = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
      byte[] body;
      try (InputStream in = r.body()) {
        body = in.readNBytes(MAX_RESPONSE_BYTES + 1);
      }
      if (body.length > MAX_RESPONSE_BYTES) {
        throw new OidcException(OidcException.Kind.UNAVAILABLE, request.uri().getHost()
            + " answered more than " + MAX_RESPONSE_BYTES + " bytes");
      }
      return new Answer(r.statusCode(), body);
    } catch (IOException e) {
      throw new OidcException(OidcException.Kind.UNAVAILABLE, "Could not reach "
          + request.uri().getHost() + ": " + e.getClass().getSimpleName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OidcException(OidcException.Kind.UNAVAILABLE, "Interrupted calling "
          + request.uri().getHost());
    }
  }

  private static JsonNode json(Answer r, URI uri) {
    if (r.status() != 200) {
      throw new OidcException(OidcException.Kind.UNAVAILABLE, uri + " answered " + r.status());
    }
    return parse(r.body(), uri);
  }

  private static JsonNode parse(byte[] body, URI uri) {
    try {
      return Json.mapper().readTree(body);
    } catch (RuntimeException e) {
      throw new OidcException(OidcException.Kind.UNAVAILABLE, uri.getHost() + " answered "
          + "something other than JSON at " + uri.getPath());
    }
  }

  private static @Nullable String text(JsonNode n, String field) {
    String s = n.path(field).asString("");
    return s.isEmpty() ? null : s;
  }

  private static String clip(String s) {
    String t = s.replaceAll("[\\p{Cntrl}]", " ");
    return t.length() > 200 ? t.substring(0, 200) : t;
  }

  static String form(String... pairs) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < pairs.length; i += 2) {
      if (sb.length() > 0) {
        sb.append('&');
      }
      sb.append(URLEncoder.encode(pairs[i], StandardCharsets.UTF_8)).append('=')
          .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return "OidcClient[" + metadataUrl + ", clientId=" + clientId + "]";
  }
}
