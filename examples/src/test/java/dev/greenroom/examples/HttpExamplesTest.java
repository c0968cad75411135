package dev.greenroom.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.catalog.processing.location.CatalogRules;
import dev.greenroom.http.BackendServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The HTTP examples against one small catalog: the proxy authenticator and team policy, the
 * ownership plugin, and the API mounted in Jetty next to a host servlet.
 */
class HttpExamplesTest {
  private static final String SECRET = "proxy-shared-secret-123";
  @TempDir static Path dir;
  static CatalogEngine engine;
  static BackendServer server;
  static final HttpClient CLIENT = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    Path file = Engines.write(dir.resolve("catalog.yaml"), """
        apiVersion: backstage.io/v1alpha1
        kind: Group
        metadata: {name: platform}
        spec: {type: team, children: [payments]}
        ---
        apiVersion: backstage.io/v1alpha1
        kind: Group
        metadata: {name: payments}
        spec: {type: team, parent: platform, children: []}
        ---
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata: {name: billing}
        spec: {type: service, lifecycle: production, owner: payments}
        ---
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata: {name: gateway}
        spec: {type: service, lifecycle: production, owner: platform}
        ---
        apiVersion: backstage.io/v1alpha1
        kind: Resource
        metadata: {name: ledger-db}
        spec: {type: database, owner: payments}
        """);
    engine = Engines.started(CatalogEngine.builder().rules(CatalogRules.allowAll())
        .location("file", file.toString()).processingDisabled().build());
    server = BackendServer.builder().host("127.0.0.1").port(0).catalog(engine)
        .authenticator(new TrustedProxyAuthenticator(SECRET))
        .permissionPolicy(new TeamPermissionPolicy("group:default/platform"))
        .plugin(new OwnershipApiPlugin(engine.catalog()))
        .build().start();
  }

  @AfterAll
  static void stop() {
    server.close();
    engine.close();
  }

  private static HttpResponse<String> send(String method, String base, String path, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
        .method(method, method.equals("POST")
            ? HttpRequest.BodyPublishers.ofString("{\"type\":\"file\",\"target\":\"/x.yaml\"}")
            : HttpRequest.BodyPublishers.noBody());
    if (method.equals("POST")) {
      b.header("Content-Type", "application/json");
    }
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String base() {
    return "http://127.0.0.1:" + server.port();
  }

  private static List<String> names(String body) {
    List<String> out = new ArrayList<>();
    for (JsonNode n : Json.parse(body)) {
      out.add(n.path("kind").asString() + ":" + n.path("metadata").path("name").asString());
    }
    out.sort(null);
    return out;
  }

  @Test
  void withoutTheProxySecretNobodyGetsIn() throws Exception {
    assertThat(send("GET", base(), "/api/catalog/entities").statusCode()).isEqualTo(401);
    assertThat(send("GET", base(), "/api/catalog/entities", "X-Proxy-Secret", "guess",
        "X-Forwarded-User", "user:default/mallory").statusCode()).isEqualTo(401);
  }

  @Test
  void servicesWithoutAUserReadComponentsAndApisOnly() throws Exception {
    HttpResponse<String> r = send("GET", base(), "/api/catalog/entities?fields=kind,metadata.name",
        "X-Proxy-Secret", SECRET);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(names(r.body())).containsExactly("Component:billing", "Component:gateway");
  }

  @Test
  void peopleReadEverythingButMayNotRegisterLocations() throws Exception {
    String[] alice = {"X-Proxy-Secret", SECRET, "X-Forwarded-User", "user:default/alice",
        "X-Forwarded-Groups", "group:default/payments"};
    HttpResponse<String> r = send("GET", base(), "/api/catalog/entities?fields=kind,metadata.name", alice);
    assertThat(names(r.body())).hasSize(6).contains("Group:payments", "Resource:ledger-db");
    assertThat(send("POST", base(), "/api/catalog/locations", alice).statusCode()).isEqualTo(403);
    String[] admin = {"X-Proxy-Secret", SECRET, "X-Forwarded-User", "user:default/root",
        "X-Forwarded-Groups", "group:default/platform"};
    // an admin passes the permission check; the request then fails on its own merits (no such file)
    assertThat(send("POST", base(), "/api/catalog/locations", admin).statusCode()).isNotEqualTo(403);
  }

  @Test
  void ownershipPluginRollsUpChildGroups() throws Exception {
    String[] svc = {"X-Proxy-Secret", SECRET, "X-Forwarded-User", "user:default/alice"};
    HttpResponse<String> r = send("GET", base(), "/api/ownership/group/default/platform", svc);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(Json.parse(r.body()).toString()).isEqualTo(
        "{\"group\":\"group:default/platform\",\"groups\":[\"group:default/platform\",\"group:default/payments\"],"
            + "\"owned\":[\"component:default/billing\",\"component:default/gateway\",\"resource:default/ledger-db\"]}");
    assertThat(send("GET", base(), "/api/ownership/group/default/nobody", svc).statusCode()).isEqualTo(404);
    assertThat(send("GET", base(), "/api/ownership/group/default/platform?members=maybe", svc).statusCode())
        .isEqualTo(400);
  }

  @Test
  void apiMountedInJettyNextToTheHostsServlet() throws Exception {
    Server jetty = JettyMountExample.start(engine, 0);
    try {
      String base = jetty.getURI().toString().replaceAll("/$", "");
      HttpResponse<String> hello = send("GET", base, "/hello");
      assertThat(hello.body()).isEqualTo("hello from the host\n");
      HttpResponse<String> one = send("GET", base, "/api/catalog/entities/by-name/component/default/billing");
      assertThat(one.statusCode()).isEqualTo(200);
      assertThat(Json.parse(one.body()).path("spec").path("owner").asString()).isEqualTo("payments");
      // Jetty serves the catalog with the default (allow-all) authenticator and policy
      assertThat(names(send("GET", base, "/api/catalog/entities").body())).hasSize(6);
      assertThat(send("GET", base, "/api/catalog/entities/by-name/component/default/nope").statusCode())
          .isEqualTo(404);
    } finally {
      jetty.stop();
    }
  }

  /**
   * Regression: Jetty refuses a bad percent escape in the path before the servlet and answered with
   * its HTML error page; the example's error handler answers Backstage's JSON body. Sent over a raw
   * socket, since HTTP clients refuse to send such a target.
   */
  @Test
  void jettyAnswersBadRequestTargetsWithBackstagesErrorBody() throws Exception {
    Server jetty = JettyMountExample.start(engine, 0);
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", jetty.getURI().getPort())) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(("GET /api/catalog/entities/by-name/component/default/%zz HTTP/1.1\r\n"
          + "Host: 127.0.0.1\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      String head = answer.substring(0, answer.indexOf("\r\n\r\n")).toLowerCase(java.util.Locale.ROOT);
      assertThat(head).startsWith("http/1.1 400").contains("content-type: application/json; charset=utf-8");
      JsonNode body = Json.parse(answer.substring(answer.indexOf("\r\n\r\n") + 4));
      assertThat(body.propertyNames()).containsExactly("error", "request", "response");
      assertThat(body.at("/error/name").asString()).isEqualTo("InputError");
      // Jetty keeps neither the method nor the target of a request it could not parse
      assertThat(body.at("/request/method").isString()).isTrue();
      assertThat(body.at("/request/url").isString()).isTrue();
      assertThat(body.at("/response/statusCode").asInt()).isEqualTo(400);
    } finally {
      jetty.stop();
    }
  }
}
