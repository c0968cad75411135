package dev.greenroom.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.http.auth.StaticTokenAuthenticator;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, CORS: Backstage's frontend on its own origin sends preflights that got 404 without
 * any {@code Access-Control-Allow-Origin}. With {@code backend.cors}, allowed origins get
 * Backstage's answers on every route, errors included; other origins get no CORS headers.
 */
class CorsTest {
  @TempDir static Path dir;
  static CatalogEngine engine;
  static BackendServer server;
  static URI base;

  @BeforeAll
  static void start() {
    engine = TestCatalog.engine(dir, 0);
    server = BackendServer.builder().port(0).catalog(engine)
        .authenticator(StaticTokenAuthenticator.of(Map.of("cors-test-token", "user:default/a")))
        .cors(CorsPolicy.builder()
            .origin("http://localhost:3000")
            .origin("https://*.backstage.example.com")
            .credentials(true)
            .exposedHeaders(List.of("Link"))
            .maxAgeSeconds(600)
            .build())
        .build().start();
    base = server.baseUrl();
  }

  @AfterAll
  static void stop() {
    server.close();
    engine.close();
  }

  private static HttpResponse<String> preflight(String origin, String method, String headers) {
    return TestCatalog.send(HttpRequest.newBuilder(base.resolve("/api/catalog/entities"))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", origin)
        .header("Access-Control-Request-Method", method)
        .header("Access-Control-Request-Headers", headers));
  }

  @Test
  void preflightFromAnAllowedOriginIsAnswered204WithTheEchoedOrigin() {
    HttpResponse<String> r = preflight("http://localhost:3000", "POST",
        "authorization,content-type");
    assertThat(r.statusCode()).isEqualTo(204);
    assertThat(r.headers().firstValue("Access-Control-Allow-Origin"))
        .hasValue("http://localhost:3000");
    assertThat(r.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");
    assertThat(r.headers().firstValue("Access-Control-Allow-Methods").orElseThrow())
        .contains("GET", "POST", "DELETE", "PUT", "PATCH");
    assertThat(r.headers().firstValue("Access-Control-Allow-Headers"))
        .hasValue("authorization,content-type");
    assertThat(r.headers().firstValue("Access-Control-Max-Age")).hasValue("600");
  }

  @Test
  void globPatternsMatchOneHostPartCaseInsensitively() {
    assertThat(preflight("https://app.backstage.example.com", "GET", "authorization")
        .headers().firstValue("Access-Control-Allow-Origin"))
        .hasValue("https://app.backstage.example.com");
    assertThat(preflight("https://APP.Backstage.Example.com", "GET", "x").statusCode())
        .isEqualTo(204);
    for (String other : List.of("https://evil.example", "http://localhost:3001",
        "https://backstage.example.com.evil.example", "https://a/b.backstage.example.com", "null")) {
      HttpResponse<String> r = preflight(other, "GET", "authorization");
      assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).as(other).isEmpty();
      assertThat(r.headers().firstValue("Access-Control-Allow-Credentials")).as(other).isEmpty();
    }
  }

  @Test
  void everyAnswerCarriesTheHeadersErrorsIncluded() {
    HttpResponse<String> unauthenticated = TestCatalog.send(
        HttpRequest.newBuilder(base.resolve("/api/catalog/entities"))
            .header("Origin", "http://localhost:3000"));
    assertThat(unauthenticated.statusCode()).isEqualTo(401);
    assertThat(unauthenticated.headers().firstValue("Access-Control-Allow-Origin"))
        .hasValue("http://localhost:3000");

    HttpResponse<String> ok = TestCatalog.send(
        HttpRequest.newBuilder(base.resolve("/api/catalog/entities?limit=1"))
            .header("Origin", "http://localhost:3000")
            .header("Authorization", "Bearer cors-test-token"));
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.headers().firstValue("Access-Control-Allow-Origin"))
        .hasValue("http://localhost:3000");
    assertThat(ok.headers().firstValue("Access-Control-Expose-Headers")).hasValue("Link");
    assertThat(ok.headers().allValues("Vary")).contains("Origin");

    HttpResponse<String> foreign = TestCatalog.send(
        HttpRequest.newBuilder(base.resolve("/api/catalog/entities?limit=1"))
            .header("Origin", "https://evil.example")
            .header("Authorization", "Bearer cors-test-token"));
    assertThat(foreign.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
  }

  @Test
  void brokenPatternsAreRefusedWhenConfigured() {
    assertThatThrownBy(() -> CorsPolicy.builder().origin("https://{a,b.example.com"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unbalanced");
    assertThatThrownBy(() -> CorsPolicy.builder().origin(" "))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
