package dev.greenroom.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.auth.provider.GuestProvider;
import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.catalog.processing.location.CatalogRules;
import dev.greenroom.http.BackendServer;
import dev.greenroom.http.auth.Authenticator;
import dev.greenroom.http.auth.StaticTokenAuthenticator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Issue 13, sign-in and identity: the frontend's guest sign-in ({@code GET
 * /api/auth/guest/refresh}) gets Backstage's session with a signed user token, and that token (and
 * nothing less) opens every other route once auth is configured.
 */
class GuestSignInTest {
  @TempDir static Path dir;
  static CatalogEngine engine;
  static BackendServer server;
  static URI base;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    Path catalog = dir.resolve("org.yaml");
    Files.writeString(catalog, """
        apiVersion: backstage.io/v1alpha1
        kind: User
        metadata: {name: guest, namespace: development}
        spec: {memberOf: [default/team-a]}
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
    AuthBackend auth = AuthBackend.builder()
        .baseUrl(URI.create("http://localhost:7007"))
        .appUrl(URI.create("http://localhost:3000/"))
        .provider(GuestProvider.of(GuestProvider.DEFAULT_USER, null, engine.catalog()))
        .build();
    server = BackendServer.builder().port(0).catalog(engine)
        .authenticator(Authenticator.anyOf(List.of(auth.authenticator(),
            StaticTokenAuthenticator.of(Map.of("static-token-1", "external:ci")))))
        .plugin(auth.plugin())
        .userCookies(auth.userTokens())
        .build().start();
    base = server.baseUrl();
  }

  @AfterAll
  static void stop() {
    server.close();
    engine.close();
  }

  static HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String guestToken() throws Exception {
    HttpResponse<String> r = get("/api/auth/guest/refresh", "X-Requested-With", "XMLHttpRequest");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return Json.parse(r.body()).at("/backstageIdentity/token").asString();
  }

  @Test
  void guestRefreshAnswersBackstagesSession() throws Exception {
    HttpResponse<String> r = get("/api/auth/guest/refresh", "X-Requested-With", "XMLHttpRequest");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode s = Json.parse(r.body());
    assertThat(s.at("/profile/displayName").asString()).isEqualTo("Guest");
    assertThat(s.at("/backstageIdentity/identity/type").asString()).isEqualTo("user");
    assertThat(s.at("/backstageIdentity/identity/userEntityRef").asString())
        .isEqualTo("user:development/guest");
    assertThat(s.at("/backstageIdentity/identity/ownershipEntityRefs").toString())
        .contains("user:development/guest", "group:default/team-a");
    assertThat(s.at("/backstageIdentity/expiresInSeconds").asLong()).isEqualTo(3600);
    // the frontend reads exp from the token's payload to schedule its refresh
    String payload = new String(java.util.Base64.getUrlDecoder().decode(
        s.at("/backstageIdentity/token").asString().split("\\.")[1]));
    assertThat(Json.parse(payload).get("exp").asLong()).isPositive();
  }

  @Test
  void refreshWithoutTheXhrHeaderIsRefused() throws Exception {
    HttpResponse<String> r = get("/api/auth/guest/refresh");
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).contains("X-Requested-With");
    assertThat(get("/api/auth/nope/refresh", "X-Requested-With", "XMLHttpRequest").statusCode())
        .isEqualTo(404);
  }

  @Test
  void routesNeedATokenOnceAuthIsConfigured() throws Exception {
    assertThat(get("/api/catalog/entities?limit=1").statusCode()).isEqualTo(401);
    assertThat(get("/api/catalog/entities?limit=1", "Authorization", "Bearer nonsense")
        .statusCode()).isEqualTo(401);
    assertThat(get("/api/catalog/entities?limit=1", "Authorization", "Bearer " + guestToken())
        .statusCode()).isEqualTo(200);
    assertThat(get("/api/catalog/entities?limit=1", "Authorization", "Bearer static-token-1")
        .statusCode()).isEqualTo(200);
    HttpResponse<String> info = get("/api/auth/v1/userinfo", "Authorization",
        "Bearer " + guestToken());
    assertThat(Json.parse(info.body()).at("/claims/sub").asString())
        .isEqualTo("user:development/guest");
  }

  @Test
  void keysAndOpenIdConfigurationArePublic() throws Exception {
    guestToken(); // makes the first key
    JsonNode jwks = Json.parse(get("/api/auth/.well-known/jwks.json").body());
    assertThat(jwks.get("keys").size()).isGreaterThanOrEqualTo(1);
    JsonNode key = jwks.get("keys").get(0);
    assertThat(key.get("kty").asString()).isEqualTo("EC");
    assertThat(key.get("alg").asString()).isEqualTo("ES256");
    assertThat(key.has("d")).as("no private part").isFalse();
    JsonNode oidc = Json.parse(get("/api/auth/.well-known/openid-configuration").body());
    assertThat(oidc.get("issuer").asString()).isEqualTo("http://localhost:7007/api/auth");
    assertThat(oidc.get("jwks_uri").asString())
        .isEqualTo("http://localhost:7007/api/auth/.well-known/jwks.json");
  }

  @Test
  void thePopupPagePostsTheSessionToTheAppOriginOnly() throws Exception {
    HttpResponse<String> start = get("/api/auth/guest/start?env=development");
    assertThat(start.statusCode()).isEqualTo(302);
    assertThat(start.headers().firstValue("Location")).hasValue("handler/frame");
    HttpResponse<String> frame = get("/api/auth/guest/handler/frame");
    assertThat(frame.statusCode()).isEqualTo(200);
    assertThat(frame.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
    assertThat(frame.body()).contains("authorization_response", "\"http://localhost:3000\"",
        "postMessage(m,o)", "backstageIdentity");
    assertThat(frame.body().split("</script>", -1)).hasSize(2); // nothing closes the script early
    assertThat(frame.headers().firstValue("Content-Security-Policy").orElseThrow())
        .startsWith("default-src 'none'; script-src 'sha256-");
  }

  /**
   * TechDocs in the reader: images and styles load without an Authorization header, so a
   * signed-in user gets a short-lived cookie, accepted on reads only (never on writes).
   */
  @Test
  void aSignedInUserGetsACookieThatOpensReadsButNotWrites() throws Exception {
    HttpResponse<String> r = get("/api/catalog/.backstage/auth/v1/cookie",
        "Authorization", "Bearer " + guestToken());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(Json.parse(r.body()).get("expiresAt").asString()).endsWith("Z");
    String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(setCookie).startsWith("backstage-auth=").contains("Path=/api/catalog", "HttpOnly",
        "SameSite=Lax", "Max-Age=3600");
    String cookie = setCookie.substring(0, setCookie.indexOf(';'));
    assertThat(get("/api/catalog/entities?limit=1", "Cookie", cookie).statusCode()).isEqualTo(200);
    HttpResponse<String> write = HTTP.send(HttpRequest.newBuilder(
            base.resolve("/api/catalog/locations?dryRun=true"))
        .header("Cookie", cookie).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(
            "{\"type\":\"url\",\"target\":\"https://example.com/c.yaml\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(write.statusCode()).isEqualTo(401);
    // no cookie for callers that are not signed-in users
    assertThat(get("/api/catalog/.backstage/auth/v1/cookie", "Authorization",
        "Bearer static-token-1").statusCode()).isEqualTo(401);
  }

  @Test
  void healthChecksAnswerWithoutCredentials() throws Exception {
    HttpResponse<String> live = get("/.backstage/health/v1/liveness");
    assertThat(live.statusCode()).isEqualTo(200);
    assertThat(live.body()).isEqualTo("{\"status\":\"ok\"}");
    assertThat(get("/.backstage/health/v1/readiness").statusCode()).isEqualTo(200);
    assertThat(get("/.backstage/health/v1/other").statusCode()).isEqualTo(404);
  }

  @Test
  void theOpenApiDocumentListsEveryRouteAndEachAnswers() throws Exception {
    HttpResponse<String> r = get("/api/auth/openapi.json");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode doc = Json.parse(r.body());
    assertThat(dev.greenroom.http.OpenApiDocument.operations(doc))
        .isEqualTo(server.api().operations("auth"));
    assertThat(dev.greenroom.http.OpenApiDocument.problems(doc)).isEmpty();
    for (String op : dev.greenroom.http.OpenApiDocument.operations(doc)) {
      String method = op.substring(0, op.indexOf(' '));
      String path = op.substring(op.indexOf(' ') + 1).replace("{provider}", "guest");
      HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve("/api/auth" + path))
          .timeout(Duration.ofSeconds(30)).header("X-Requested-With", "XMLHttpRequest");
      b = method.equals("GET") ? b.GET() : b.POST(HttpRequest.BodyPublishers.noBody());
      HttpResponse<String> a = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
      assertThat(a.body()).as(op).doesNotContain("Not found: " + method + " /api/auth");
      assertThat(a.statusCode()).as(op + " " + a.body()).isNotIn(405, 500);
    }
  }
}
