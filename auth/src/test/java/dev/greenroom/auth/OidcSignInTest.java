package dev.greenroom.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.auth.provider.OidcProvider;
import dev.greenroom.auth.resolver.CatalogSignIn;
import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.catalog.processing.location.CatalogRules;
import dev.greenroom.http.BackendServer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

/**
 * Issue 13, a real external provider: the OIDC authorization code flow against {@link TestIssuer}
 * (an issuer of its own, on this machine), driven as a browser would (redirects followed by hand,
 * cookies carried): sign-in resolves the catalog user by email, refresh uses the cookie, logout
 * clears it, and every way a callback or an ID token can be wrong is refused with a clear error.
 */
class OidcSignInTest {
  @TempDir static Path dir;
  static CatalogEngine engine;
  static TestIssuer issuer;
  static BackendServer server;
  static URI base;
  static final HttpClient HTTP = HttpClient.newBuilder()
      .followRedirects(HttpClient.Redirect.NEVER).build();

  /** The browser's cookies for the backend. */
  final Map<String, String> cookies = new LinkedHashMap<>();

  @BeforeAll
  static void start() throws Exception {
    Path catalog = dir.resolve("org.yaml");
    Files.writeString(catalog, """
        apiVersion: backstage.io/v1alpha1
        kind: User
        metadata: {name: jane}
        spec: {profile: {email: jane@example.com}, memberOf: [team-a]}
        ---
        apiVersion: backstage.io/v1alpha1
        kind: Group
        metadata: {name: team-a}
        spec: {type: team, children: []}
        """);
    engine = CatalogEngine.builder().rules(CatalogRules.allowAll()).processingDisabled()
        .location("file", catalog.toString()).build();
    engine.start();
    assertThat(engine.awaitIdle(Duration.ofMinutes(1))).isTrue();
    issuer = new TestIssuer();
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    AuthBackend auth = AuthBackend.builder()
        .baseUrl(URI.create("http://127.0.0.1:" + port))
        .appUrl(URI.create("http://localhost:3000"))
        .provider(OidcProvider.builder()
            .metadataUrl(URI.create(issuer.url()))
            .clientId(TestIssuer.CLIENT_ID)
            .clientSecret(TestIssuer.CLIENT_SECRET)
            .signInResolver(CatalogSignIn.of(engine.catalog()).byProfileEmail())
            .build())
        .build();
    server = BackendServer.builder().port(port).catalog(engine)
        .authenticator(auth.authenticator())
        .plugin(auth.plugin())
        .build().start();
    base = server.baseUrl();
  }

  @AfterAll
  static void stop() {
    server.close();
    issuer.close();
    engine.close();
  }

  @BeforeEach
  void reset() {
    issuer.mode = TestIssuer.Mode.GOOD;
    issuer.email = "jane@example.com";
  }

  HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
    URI uri = b.build().uri();
    if (uri.getPort() == base.getPort() && !cookies.isEmpty()) {
      b.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
          .collect(Collectors.joining("; ")));
    }
    HttpResponse<String> r = HTTP.send(b.timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
    for (String c : r.headers().allValues("set-cookie")) {
      String pair = c.split(";", 2)[0];
      String name = pair.substring(0, pair.indexOf('='));
      if (c.contains("Max-Age=0")) {
        cookies.remove(name);
      } else {
        cookies.put(name, pair.substring(pair.indexOf('=') + 1));
      }
    }
    return r;
  }

  HttpResponse<String> get(String url) throws Exception {
    return send(HttpRequest.newBuilder(base.resolve(url)));
  }

  /** start, then the issuer's authorize; returns the callback URL the issuer sent the popup to. */
  String startAndAuthorize() throws Exception {
    HttpResponse<String> start = get(
        "/api/auth/oidc/start?env=development&origin=http%3A%2F%2Flocalhost%3A3000&scope=openid");
    assertThat(start.statusCode()).as(start.body()).isEqualTo(302);
    HttpResponse<String> authorize = send(HttpRequest.newBuilder(
        URI.create(start.headers().firstValue("Location").orElseThrow())));
    assertThat(authorize.statusCode()).as(authorize.body()).isEqualTo(302);
    return authorize.headers().firstValue("Location").orElseThrow();
  }

  /** The message the popup page posts to the app. */
  static JsonNode posted(HttpResponse<String> page) {
    assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
    String body = page.body();
    int from = body.indexOf("var m=") + 6;
    return Json.parse(body.substring(from, body.indexOf(";var o=", from)));
  }

  HttpResponse<String> refresh() throws Exception {
    return send(HttpRequest.newBuilder(base.resolve("/api/auth/oidc/refresh?env=development"))
        .header("X-Requested-With", "XMLHttpRequest"));
  }

  @Test
  void signInResolvesTheCatalogUserByEmailThenRefreshAndLogoutFollowTheCookie() throws Exception {
    HttpResponse<String> start = get(
        "/api/auth/oidc/start?env=development&origin=http%3A%2F%2Flocalhost%3A3000");
    assertThat(start.statusCode()).isEqualTo(302);
    URI authorize = URI.create(start.headers().firstValue("Location").orElseThrow());
    assertThat(authorize.toString()).startsWith(issuer.url() + "/authorize?");
    Map<String, String> q = TestIssuer.parse(authorize.getRawQuery());
    assertThat(q).containsEntry("response_type", "code")
        .containsEntry("client_id", TestIssuer.CLIENT_ID)
        .containsEntry("redirect_uri", base + "/api/auth/oidc/handler/frame")
        .containsEntry("scope", "openid profile email")
        .containsEntry("code_challenge_method", "S256")
        .containsEntry("prompt", "none")
        .containsKeys("nonce", "code_challenge");
    // Backstage's state: hex of nonce=..&env=..&origin=..
    String state = new String(HexFormat.of().parseHex(q.get("state")), StandardCharsets.UTF_8);
    Map<String, String> s = TestIssuer.parse(state);
    assertThat(s).containsEntry("env", "development")
        .containsEntry("origin", "http://localhost:3000");
    assertThat(s.get("nonce")).isEqualTo(cookies.get("oidc-nonce"));
    assertThat(start.headers().firstValue("set-cookie").orElseThrow())
        .contains("oidc-nonce=", "Path=/api/auth/oidc/handler", "HttpOnly", "SameSite=Lax",
            "Max-Age=600").doesNotContain("Secure");

    HttpResponse<String> callback = send(HttpRequest.newBuilder(URI.create(
        send(HttpRequest.newBuilder(authorize)).headers().firstValue("Location").orElseThrow())));
    JsonNode m = posted(callback);
    assertThat(m.at("/error").isMissingNode()).as(m.toString()).isTrue();
    JsonNode session = m.get("response");
    assertThat(session.at("/backstageIdentity/identity/userEntityRef").asString())
        .isEqualTo("user:default/jane");
    assertThat(session.at("/backstageIdentity/identity/ownershipEntityRefs").toString())
        .contains("group:default/team-a");
    assertThat(session.at("/profile/email").asString()).isEqualTo("jane@example.com");
    assertThat(session.at("/profile/displayName").asString()).isEqualTo("Jane Doe");
    assertThat(session.at("/profile/picture").asString())
        .isEqualTo("https://pictures.example/jane.png");
    assertThat(session.at("/providerInfo/idToken").asString()).isNotEmpty();
    String refreshHeader = callback.headers().allValues("set-cookie").stream()
        .filter(c -> c.startsWith("oidc-refresh-token=")).findFirst().orElseThrow();
    assertThat(refreshHeader).contains("Path=/api/auth/oidc;", "HttpOnly", "SameSite=Lax");
    assertThat(cookies).doesNotContainKey("oidc-nonce"); // one callback per nonce
    // the provider's refresh token reaches the browser neither in the page nor in the cookie
    for (String rt : issuer.refreshTokens()) {
      assertThat(callback.body()).doesNotContain(rt);
      assertThat(refreshHeader).doesNotContain(rt);
    }
    String token = session.at("/backstageIdentity/token").asString();
    assertThat(get2("/api/catalog/entities?limit=1", token).statusCode()).isEqualTo(200);

    HttpResponse<String> refreshed = refresh();
    assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
    JsonNode again = Json.parse(refreshed.body());
    assertThat(again.at("/backstageIdentity/identity/userEntityRef").asString())
        .isEqualTo("user:default/jane");
    assertThat(again.at("/backstageIdentity/token").asString()).isNotEqualTo(token);
    assertThat(refresh().statusCode()).as("the rotated refresh token works too").isEqualTo(200);

    HttpResponse<String> logout = send(HttpRequest.newBuilder(
        base.resolve("/api/auth/oidc/logout")).header("X-Requested-With", "XMLHttpRequest")
        .POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(logout.statusCode()).isEqualTo(200);
    assertThat(logout.headers().firstValue("set-cookie").orElseThrow())
        .startsWith("oidc-refresh-token=;").contains("Max-Age=0");
    HttpResponse<String> after = refresh();
    assertThat(after.statusCode()).isEqualTo(401);
    assertThat(after.body()).contains("Missing session cookie");
  }

  HttpResponse<String> get2(String path, String token) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(base.resolve(path))
        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aTamperedStateIsRefused() throws Exception {
    String callback = startAndAuthorize();
    Map<String, String> q = TestIssuer.parse(URI.create(callback).getRawQuery());
    String forged = HexFormat.of().formatHex(("nonce=someone-elses&env=development")
        .getBytes(StandardCharsets.UTF_8));
    JsonNode m = posted(get("/api/auth/oidc/handler/frame?code=" + q.get("code") + "&state="
        + forged));
    assertThat(m.at("/error/name").asString()).isEqualTo("NotAllowedError");
    assertThat(m.at("/error/message").asString()).isEqualTo("Invalid nonce");
    assertThat(m.has("response")).isFalse();
    JsonNode garbage = posted(get("/api/auth/oidc/handler/frame?code=x&state=zz-not-hex"));
    assertThat(garbage.at("/error/message").asString()).isEqualTo("OAuth state is invalid");
    assertThat(cookies).doesNotContainKey("oidc-refresh-token");
  }

  @Test
  void aCallbackWithoutTheNonceCookieIsRefused() throws Exception {
    String callback = startAndAuthorize();
    cookies.clear();
    JsonNode m = posted(send(HttpRequest.newBuilder(URI.create(callback))));
    assertThat(m.at("/error/message").asString())
        .isEqualTo("Auth response is missing cookie nonce");
    assertThat(cookies).doesNotContainKey("oidc-refresh-token");
  }

  @ParameterizedTest
  @EnumSource(value = TestIssuer.Mode.class, names = "GOOD", mode = EnumSource.Mode.EXCLUDE)
  void aBadIdTokenIsRefused(TestIssuer.Mode mode) throws Exception {
    String callback = startAndAuthorize();
    issuer.mode = mode;
    JsonNode m = posted(send(HttpRequest.newBuilder(URI.create(callback))));
    assertThat(m.at("/error/name").asString()).as(m.toString()).isEqualTo("AuthenticationError");
    assertThat(m.at("/error/message").asString()).startsWith("The ID token from "
        + issuer.url() + " was refused: ").contains(switch (mode) {
          case WRONG_AUDIENCE -> "audience";
          case WRONG_NONCE -> "nonce";
          case EXPIRED -> "expired";
          case FOREIGN_KEY -> "signature";
          case ALG_NONE -> "plain";
          case WRONG_ISSUER -> "iss";
          case GOOD -> throw new AssertionError();
        });
    assertThat(m.has("response")).isFalse();
    assertThat(cookies).doesNotContainKey("oidc-refresh-token");
  }

  @ParameterizedTest
  @EnumSource(value = TestIssuer.Mode.class, names = {"WRONG_AUDIENCE", "EXPIRED", "FOREIGN_KEY",
      "ALG_NONE", "WRONG_ISSUER"})
  void aBadIdTokenOnRefreshAnswers401(TestIssuer.Mode mode) throws Exception {
    assertThat(posted(send(HttpRequest.newBuilder(URI.create(startAndAuthorize()))))
        .has("response")).isTrue();
    issuer.mode = mode;
    HttpResponse<String> r = refresh();
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).contains("was refused");
  }

  @Test
  void anUnknownEmailIsNotResolved() throws Exception {
    issuer.email = "stranger@example.com";
    JsonNode m = posted(send(HttpRequest.newBuilder(URI.create(startAndAuthorize()))));
    assertThat(m.at("/error/message").asString())
        .contains("unable to resolve user identity", "stranger@example.com");
    assertThat(cookies).doesNotContainKey("oidc-refresh-token");
  }

  @Test
  void aForgedRefreshCookieAnswers401() throws Exception {
    cookies.put("oidc-refresh-token", issuer.refreshTokens().stream().findFirst()
        .orElse("rt-plain"));
    HttpResponse<String> r = refresh();
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).contains("Invalid session cookie");
    cookies.clear();
    assertThat(refresh().statusCode()).isEqualTo(401);
  }

  /**
   * A backend published on https (behind a proxy) with the app on another host: Backstage's
   * cookie settings (Secure, SameSite=None); a wrong client secret is reported without the secret.
   */
  @Test
  void onHttpsCookiesAreSecureAndAWrongClientSecretIsReported() throws Exception {
    AuthBackend auth = AuthBackend.builder()
        .baseUrl(URI.create("https://greenroom.example.com"))
        .appUrl(URI.create("https://app.example.com"))
        .provider(OidcProvider.builder()
            .metadataUrl(URI.create(issuer.url() + "/.well-known/openid-configuration"))
            .clientId(TestIssuer.CLIENT_ID)
            .clientSecret("not-the-client-secret")
            .signInResolver(CatalogSignIn.of(engine.catalog()).byProfileEmail())
            .build())
        .build();
    try (BackendServer other = BackendServer.builder().port(0).catalog(engine)
        .authenticator(auth.authenticator()).plugin(auth.plugin()).build().start()) {
      HttpResponse<String> start = send(HttpRequest.newBuilder(other.baseUrl().resolve(
          "/api/auth/oidc/start?env=development")));
      assertThat(start.headers().firstValue("set-cookie").orElseThrow())
          .contains("Path=/api/auth/oidc/handler", "HttpOnly", "SameSite=None", "Secure");
      String callback = send(HttpRequest.newBuilder(URI.create(
          start.headers().firstValue("Location").orElseThrow())))
          .headers().firstValue("Location").orElseThrow();
      assertThat(callback).startsWith("https://greenroom.example.com/api/auth/oidc/handler/frame?");
      JsonNode m = posted(HTTP.send(HttpRequest.newBuilder(URI.create(callback.replace(
          "https://greenroom.example.com", other.baseUrl().toString().replaceAll("/$", ""))))
          .header("Cookie", "oidc-nonce=" + cookies.get("oidc-nonce")).build(),
          HttpResponse.BodyHandlers.ofString()));
      assertThat(m.at("/error/message").asString())
          .isEqualTo("The token endpoint of 127.0.0.1 refused the request: invalid_client")
          .doesNotContain("not-the-client-secret");
    }
  }

  /** Backstage's redirect flow: the callback sets the cookie and returns to the app's page. */
  @Test
  void theRedirectFlowReturnsToTheAppAndOnlyToTheApp() throws Exception {
    for (String target : new String[] {"http://localhost:3000/catalog", "https://evil.example/"}) {
      cookies.clear();
      HttpResponse<String> start = get("/api/auth/oidc/start?env=development&flow=redirect"
          + "&redirectUrl=" + java.net.URLEncoder.encode(target, StandardCharsets.UTF_8));
      HttpResponse<String> callback = send(HttpRequest.newBuilder(URI.create(send(
          HttpRequest.newBuilder(URI.create(start.headers().firstValue("Location").orElseThrow())))
          .headers().firstValue("Location").orElseThrow())));
      assertThat(cookies).containsKey("oidc-refresh-token");
      if (target.startsWith("http://localhost:3000")) {
        assertThat(callback.statusCode()).isEqualTo(302);
        assertThat(callback.headers().firstValue("Location")).hasValue(target);
      } else {
        assertThat(posted(callback).has("response")).isTrue(); // posted to the app's origin
      }
    }
  }

  @Test
  void anotherEnvironmentOrOriginIsRefusedAtStart() throws Exception {
    assertThat(get("/api/auth/oidc/start?env=production").statusCode()).isEqualTo(404);
    assertThat(get("/api/auth/oidc/start").statusCode()).isEqualTo(400);
    HttpResponse<String> r = get("/api/auth/oidc/start?env=development&origin="
        + "https%3A%2F%2Fevil.example");
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).contains("https://evil.example");
  }
}
