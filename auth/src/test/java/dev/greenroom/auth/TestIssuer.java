package dev.greenroom.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A small OpenID Connect issuer written from the spec for tests: discovery, JWKS, an {@code
 * /authorize} that approves one fixed user at once, a {@code /token} endpoint (client secret by
 * basic auth, single-use codes bound to the redirect URI, PKCE S256, refresh grant with rotation)
 * and {@code /userinfo}. {@link #mode} makes its next ID tokens wrong in one way.
 */
final class TestIssuer implements AutoCloseable {
  /** How the ID tokens come out. */
  enum Mode { GOOD, WRONG_AUDIENCE, WRONG_NONCE, EXPIRED, FOREIGN_KEY, ALG_NONE, WRONG_ISSUER }

  static final String CLIENT_ID = "greenroom-test";
  static final String CLIENT_SECRET = "s3cret-of-the-client";

  private final HttpServer server;
  private final RSAKey key;
  private final RSAKey foreignKey;
  private final Map<String, Map<String, String>> codes = new ConcurrentHashMap<>();
  private final Map<String, String> refreshTokens = new ConcurrentHashMap<>();
  private final Map<String, String> accessTokens = new ConcurrentHashMap<>();
  volatile Mode mode = Mode.GOOD;
  volatile String email = "jane@example.com";
  volatile int tokenCalls;

  TestIssuer() throws Exception {
    key = new RSAKeyGenerator(2048).keyID("issuer-key").generate();
    foreignKey = new RSAKeyGenerator(2048).keyID("issuer-key").generate();
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/.well-known/openid-configuration", this::discovery);
    server.createContext("/jwks", ex -> send(ex, 200, "application/json",
        new JWKSet(key.toPublicJWK()).toString()));
    server.createContext("/authorize", this::authorize);
    server.createContext("/token", this::token);
    server.createContext("/userinfo", this::userinfo);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** A refresh token this issuer gave out (for checking it never reaches the browser). */
  java.util.Set<String> refreshTokens() {
    return refreshTokens.keySet();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void discovery(HttpExchange ex) throws IOException {
    String u = url();
    send(ex, 200, "application/json", """
        {"issuer": "%s", "authorization_endpoint": "%s/authorize", "token_endpoint": "%s/token",
         "userinfo_endpoint": "%s/userinfo", "jwks_uri": "%s/jwks",
         "response_types_supported": ["code"], "subject_types_supported": ["public"],
         "id_token_signing_alg_values_supported": ["RS256"],
         "code_challenge_methods_supported": ["S256"]}
        """.formatted(u, u, u, u, u));
  }

  private void authorize(HttpExchange ex) throws IOException {
    Map<String, String> q = parse(ex.getRequestURI().getRawQuery());
    if (!CLIENT_ID.equals(q.get("client_id")) || !"code".equals(q.get("response_type"))
        || !"S256".equals(q.get("code_challenge_method")) || q.get("redirect_uri") == null) {
      send(ex, 400, "text/plain", "bad authorization request " + q.keySet());
      return;
    }
    String code = UUID.randomUUID().toString();
    codes.put(code, q);
    String location = q.get("redirect_uri") + "?code=" + code + "&state="
        + URLEncoder.encode(q.get("state"), StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Location", location);
    ex.sendResponseHeaders(302, -1);
    ex.close();
  }

  private void token(HttpExchange ex) throws IOException {
    tokenCalls++;
    String basic = "Basic " + Base64.getEncoder().encodeToString(
        (CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
    if (!basic.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
      send(ex, 401, "application/json", "{\"error\": \"invalid_client\"}");
      return;
    }
    Map<String, String> f = parse(new String(ex.getRequestBody().readAllBytes(),
        StandardCharsets.UTF_8));
    String nonce = null;
    if ("authorization_code".equals(f.get("grant_type"))) {
      Map<String, String> auth = codes.remove(String.valueOf(f.get("code")));
      if (auth == null || !auth.get("redirect_uri").equals(f.get("redirect_uri"))
          || f.get("code_verifier") == null || !auth.get("code_challenge").equals(s256(
              f.get("code_verifier")))) {
        send(ex, 400, "application/json",
            "{\"error\": \"invalid_grant\", \"error_description\": \"code or verifier\"}");
        return;
      }
      nonce = auth.get("nonce");
    } else if ("refresh_token".equals(f.get("grant_type"))) {
      if (refreshTokens.remove(String.valueOf(f.get("refresh_token"))) == null) {
        send(ex, 400, "application/json", "{\"error\": \"invalid_grant\"}");
        return;
      }
    } else {
      send(ex, 400, "application/json", "{\"error\": \"unsupported_grant_type\"}");
      return;
    }
    String refresh = "rt-" + UUID.randomUUID();
    String access = "at-" + UUID.randomUUID();
    refreshTokens.put(refresh, "jane");
    accessTokens.put(access, "jane");
    send(ex, 200, "application/json", """
        {"access_token": "%s", "token_type": "Bearer", "expires_in": 3600,
         "refresh_token": "%s", "scope": "openid profile email", "id_token": "%s"}
        """.formatted(access, refresh, idToken(nonce)));
  }

  private String idToken(String nonce) throws IOException {
    Instant now = Instant.now();
    JWTClaimsSet.Builder c = new JWTClaimsSet.Builder()
        .issuer(mode == Mode.WRONG_ISSUER ? "https://elsewhere.example" : url())
        .subject("jane-123")
        .audience(mode == Mode.WRONG_AUDIENCE ? "another-client" : CLIENT_ID)
        .issueTime(Date.from(now.minusSeconds(mode == Mode.EXPIRED ? 7200 : 0)))
        .expirationTime(Date.from(mode == Mode.EXPIRED ? now.minusSeconds(3600)
            : now.plusSeconds(3600)))
        .claim("email", email)
        .claim("name", "Jane Doe");
    if (nonce != null) {
      c.claim("nonce", mode == Mode.WRONG_NONCE ? "not-the-nonce" : nonce);
    }
    JWTClaimsSet claims = c.build();
    if (mode == Mode.ALG_NONE) {
      return new com.nimbusds.jwt.PlainJWT(claims).serialize();
    }
    try {
      SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256)
          .keyID("issuer-key").build(), claims);
      jwt.sign(new RSASSASigner(mode == Mode.FOREIGN_KEY ? foreignKey : key));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IOException(e);
    }
  }

  private void userinfo(HttpExchange ex) throws IOException {
    String auth = String.valueOf(ex.getRequestHeaders().getFirst("Authorization"));
    if (!auth.startsWith("Bearer ") || !accessTokens.containsKey(auth.substring(7))) {
      send(ex, 401, "application/json", "{\"error\": \"invalid_token\"}");
      return;
    }
    send(ex, 200, "application/json", """
        {"sub": "jane-123", "email": "%s", "name": "Jane Doe",
         "picture": "https://pictures.example/jane.png"}
        """.formatted(email));
  }

  static String s256(String verifier) {
    try {
      return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest
          .getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static Map<String, String> parse(String query) {
    Map<String, String> m = new LinkedHashMap<>();
    if (query == null || query.isEmpty()) {
      return m;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        m.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return m;
  }

  private static void send(HttpExchange ex, int status, String type, String body)
      throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(status, b.length);
    ex.getResponseBody().write(b);
    ex.close();
  }

  static URI uri(String s) {
    return URI.create(s);
  }
}
