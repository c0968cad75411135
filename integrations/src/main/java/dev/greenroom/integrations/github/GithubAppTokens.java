package dev.greenroom.integrations.github;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.greenroom.catalog.processing.ProcessingError;
import dev.greenroom.catalog.processing.ProcessingException;
import dev.greenroom.integrations.GithubAppConfig;
import dev.greenroom.integrations.IntegrationException;
import dev.greenroom.integrations.ReadLimits;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Installation tokens of one GitHub App (Backstage's {@code GithubAppManager}): an App JWT (RS256,
 * issuer the App id, issued a minute in the past, valid 9 minutes) finds the installation of the
 * URL's owner ({@code GET /app/installations}), then {@code POST
 * /app/installations/{id}/access_tokens} gives a token that is cached per owner until
 * {@link #REFRESH_BEFORE} before it expires. {@code allowedInstallationOwners} limits the owners
 * asked for. Thread-safe (one fetch at a time per App).
 */
final class GithubAppTokens {
  /** Tokens are fetched again this long before they expire. */
  static final Duration REFRESH_BEFORE = Duration.ofMinutes(10);
  private static final int MAX_PAGES = 50;
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final GithubAppConfig app;
  private final String host;
  private final String apiBaseUrl;
  private final RSAPrivateKey key;
  private final GithubHttp http;
  private final Clock clock;
  private final ReadLimits limits;
  private final Map<String, Cached> byOwner = new HashMap<>();
  private @Nullable List<JsonNode> installations;
  private Instant installationsUntil = Instant.MIN;

  private record Cached(String token, Instant refreshAt) {
    @Override
    public String toString() {
      return "Cached[refreshAt=" + refreshAt + "]";
    }
  }

  GithubAppTokens(GithubAppConfig app, String host, String apiBaseUrl, GithubHttp http, Clock clock,
      ReadLimits limits) {
    this.app = app;
    this.host = host;
    this.apiBaseUrl = apiBaseUrl;
    this.http = http;
    this.clock = clock;
    this.limits = limits;
    this.key = parseKey(app.privateKey().reveal(), describe());
  }

  private String describe() {
    return "GitHub App " + app.appId() + " of the integration for " + host;
  }

  /**
   * An installation token for {@code owner}, or null when the App is not installed for that owner
   * or may not be used for it.
   *
   * @throws ProcessingException naming the host and the App (never the key or a token) when
   *     GitHub refuses the App or the installation is suspended
   */
  synchronized @Nullable String token(String owner) {
    try {
      return fetch(owner);
    } catch (ProcessingException e) {
      // name the App and the host: "an expired App key" must point at the integration
      throw new ProcessingException(new ProcessingError(e.error().name(),
          "Unable to get an installation token of " + describe() + " for " + owner + ": "
              + e.error().message()), e);
    }
  }

  /** The App's id. */
  long appId() {
    return app.appId();
  }

  /** How long a list of installations is kept (Backstage keeps it 10 minutes too). */
  static final Duration INSTALLATIONS_TTL = Duration.ofMinutes(10);

  /**
   * Every installation of the App ({@code GET /app/installations}, all pages), kept {@link
   * #INSTALLATIONS_TTL}.
   *
   * @throws ProcessingException naming the host and the App (never the key)
   */
  synchronized List<JsonNode> installations() {
    if (installations != null && clock.instant().isBefore(installationsUntil)) {
      return installations;
    }
    try {
      Map<String, String> headers = headers("Bearer " + jwt(clock.instant()));
      List<JsonNode> out = new java.util.ArrayList<>();
      for (int page = 1; page <= MAX_PAGES; page++) {
        URI uri = URI.create(apiBaseUrl + "/app/installations?per_page=100&page=" + page);
        JsonNode list = json(http.get(uri, headers), uri);
        if (!list.isArray()) {
          throw new ProcessingException(ProcessingError.general(
              "GitHub answered " + GithubHttp.redact(uri) + " without a list, for " + describe()));
        }
        list.forEach(out::add);
        if (list.size() < 100) {
          break;
        }
      }
      installations = List.copyOf(out);
      installationsUntil = clock.instant().plus(INSTALLATIONS_TTL);
      return installations;
    } catch (ProcessingException e) {
      throw new ProcessingException(new ProcessingError(e.error().name(),
          "Unable to list the installations of " + describe() + ": " + e.error().message()), e);
    }
  }

  private @Nullable String fetch(String owner) {
    String o = owner.toLowerCase(Locale.ROOT);
    List<String> allowed = app.allowedInstallationOwners();
    if (allowed != null && allowed.stream().noneMatch(a -> a.equalsIgnoreCase(owner))) {
      return null;
    }
    Instant now = clock.instant();
    Cached c = byOwner.get(o);
    if (c != null && now.isBefore(c.refreshAt())) {
      return c.token();
    }
    byOwner.remove(o);
    Map<String, String> headers = headers("Bearer " + jwt(now));
    JsonNode installation = findInstallation(o, headers);
    if (installation == null) {
      return null;
    }
    if (!installation.path("suspended_at").isMissingNode() && !installation.path("suspended_at").isNull()) {
      throw new ProcessingException(ProcessingError.notAllowed(
          "The installation of " + describe() + " for " + owner + " is suspended"));
    }
    long id = installation.path("id").asLong(-1);
    if (id < 0) {
      throw new ProcessingException(ProcessingError.general(
          "GitHub answered an installation without an id for " + describe()));
    }
    URI uri = URI.create(apiBaseUrl + "/app/installations/" + id + "/access_tokens");
    JsonNode answer = json(http.post(uri, headers), uri);
    String token = answer.path("token").isString() ? answer.path("token").stringValue() : null;
    if (token == null || token.isEmpty()) {
      throw new ProcessingException(ProcessingError.general(
          "GitHub answered no installation token for " + describe() + " and " + owner));
    }
    Instant expires;
    try {
      expires = Instant.parse(answer.path("expires_at").asString(""));
    } catch (DateTimeParseException e) {
      expires = now.plus(Duration.ofMinutes(59)); // GitHub's tokens last an hour
    }
    byOwner.put(o, new Cached(token, expires.minus(REFRESH_BEFORE)));
    return token;
  }

  private @Nullable JsonNode findInstallation(String owner, Map<String, String> headers) {
    for (int page = 1; page <= MAX_PAGES; page++) {
      URI uri = URI.create(apiBaseUrl + "/app/installations?per_page=100&page=" + page);
      JsonNode list = json(http.get(uri, headers), uri);
      if (!list.isArray()) {
        throw new ProcessingException(ProcessingError.general(
            "GitHub answered " + GithubHttp.redact(uri) + " without a list, for " + describe()));
      }
      for (JsonNode inst : list) {
        if (inst.path("account").path("login").asString("").equalsIgnoreCase(owner)) {
          return inst;
        }
      }
      if (list.size() < 100) {
        return null;
      }
    }
    return null;
  }

  private JsonNode json(GithubHttp.Answer a, URI uri) {
    if (a.status() == 304) {
      a.close();
      throw new ProcessingException(ProcessingError.general(
          "Request failed for " + GithubHttp.redact(uri) + ", unexpected 304"));
    }
    byte[] body = GithubHttp.readAll(a, limits.maxBytes());
    try {
      return JSON.readTree(body);
    } catch (RuntimeException e) {
      throw new ProcessingException(ProcessingError.general(
          "GitHub answered " + GithubHttp.redact(uri) + " with invalid JSON, for " + describe()));
    }
  }

  static Map<String, String> headers(String authorization) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Accept", "application/vnd.github+json");
    h.put("X-GitHub-Api-Version", "2022-11-28");
    h.put("Authorization", authorization);
    return h;
  }

  private String jwt(Instant now) {
    JWTClaimsSet claims = new JWTClaimsSet.Builder()
        .issuer(Long.toString(app.appId()))
        .issueTime(Date.from(now.minusSeconds(60)))
        .expirationTime(Date.from(now.plus(Duration.ofMinutes(9))))
        .build();
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
    try {
      jwt.sign(new RSASSASigner(key));
    } catch (JOSEException e) {
      throw new ProcessingException(ProcessingError.general("Unable to sign the JWT of " + describe()));
    }
    return jwt.serialize();
  }

  /**
   * Reads a PEM RSA private key: PKCS#1 ({@code BEGIN RSA PRIVATE KEY}, as GitHub hands it out) or
   * PKCS#8 ({@code BEGIN PRIVATE KEY}); {@code \n} escapes are read as new lines.
   *
   * @throws IntegrationException naming {@code what}, never the key
   */
  static RSAPrivateKey parseKey(String pem, String what) {
    String text = pem.replace("\\n", "\n").trim();
    boolean pkcs1 = text.contains("-----BEGIN RSA PRIVATE KEY-----");
    boolean pkcs8 = text.contains("-----BEGIN PRIVATE KEY-----");
    if (!pkcs1 && !pkcs8) {
      throw new IntegrationException("The privateKey of " + what
          + " is not an RSA private key in PEM (BEGIN RSA PRIVATE KEY or BEGIN PRIVATE KEY)");
    }
    String b64 = text.replaceAll("-----(BEGIN|END) (RSA )?PRIVATE KEY-----", "").replaceAll("\\s", "");
    try {
      byte[] der = Base64.getDecoder().decode(b64);
      if (pkcs1) {
        der = pkcs1ToPkcs8(der);
      }
      return (RSAPrivateKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (IllegalArgumentException | GeneralSecurityException | ClassCastException e) {
      throw new IntegrationException("The privateKey of " + what + " is not a valid RSA private key");
    }
  }

  /** Wraps a PKCS#1 RSAPrivateKey in a PKCS#8 PrivateKeyInfo. */
  private static byte[] pkcs1ToPkcs8(byte[] pkcs1) {
    byte[] algorithm = {
      0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01,
      0x01, 0x05, 0x00
    };
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(new byte[] {0x02, 0x01, 0x00});
    body.writeBytes(algorithm);
    body.write(0x04);
    body.writeBytes(derLength(pkcs1.length));
    body.writeBytes(pkcs1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0x30);
    out.writeBytes(derLength(body.size()));
    out.writeBytes(body.toByteArray());
    return out.toByteArray();
  }

  private static byte[] derLength(int len) {
    if (len < 0x80) {
      return new byte[] {(byte) len};
    }
    if (len < 0x100) {
      return new byte[] {(byte) 0x81, (byte) len};
    }
    if (len < 0x10000) {
      return new byte[] {(byte) 0x82, (byte) (len >> 8), (byte) len};
    }
    return new byte[] {(byte) 0x83, (byte) (len >> 16), (byte) (len >> 8), (byte) len};
  }
}
