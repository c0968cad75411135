package dev.greenroom.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.http.catalog.CatalogApiPlugin;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Issue 13, the contract for UI builders: the catalog's OpenAPI document lists every route the
 * plugin serves, and every documented operation is served.
 */
class CatalogOpenApiTest {
  /** Routes that are not part of the catalog's own API. */
  static final Set<String> INTERNAL = Set.of("GET /openapi.json");

  @TempDir static Path dir;
  static CatalogEngine engine;
  static BackendServer server;
  static URI base;
  static JsonNode doc;

  @BeforeAll
  static void start() {
    engine = TestCatalog.engine(dir, 0);
    server = BackendServer.builder().port(0).catalog(engine).build().start();
    base = server.baseUrl();
    HttpResponse<String> r = TestCatalog.get(base, "/api/catalog/openapi.json");
    assertThat(r.statusCode()).isEqualTo(200);
    doc = Json.parse(r.body());
  }

  @AfterAll
  static void stop() {
    server.close();
    engine.close();
  }

  static Set<String> documented() {
    Set<String> ops = new TreeSet<>();
    for (Map.Entry<String, JsonNode> p : doc.get("paths").properties()) {
      for (Iterator<String> it = p.getValue().propertyNames().iterator(); it.hasNext(); ) {
        ops.add(it.next().toUpperCase(java.util.Locale.ROOT) + " " + p.getKey());
      }
    }
    return ops;
  }

  @Test
  void everyServedRouteIsDocumentedAndNothingElse() {
    Router r = new Router();
    new CatalogApiPlugin(engine, false).routes(r);
    Set<String> served = new TreeSet<>();
    for (Router.Entry e : r.entries()) {
      String key = e.method() + " " + e.template().replaceAll(":([A-Za-z_]+)", "{$1}");
      if (!INTERNAL.contains(key)) {
        served.add(key);
      }
    }
    assertThat(documented()).isEqualTo(served);
    assertThat(doc.get("openapi").asString()).startsWith("3.");
    assertThat(doc.at("/components/schemas/Error/required").toString())
        .contains("error", "request", "response");
  }

  @Test
  void everyDocumentedOperationIsServed() {
    String uid = Json.parse(TestCatalog.get(base,
        "/api/catalog/entities/by-name/component/default/petstore").body())
        .at("/metadata/uid").asString();
    for (String op : documented()) {
      String method = op.substring(0, op.indexOf(' '));
      String path = op.substring(op.indexOf(' ') + 1)
          .replace("{kind}/{namespace}/{name}", "component/default/petstore")
          .replace("{uid}", uid)
          .replace("{id}", "00000000-0000-0000-0000-000000000000")
          .replace("{entity_id}", "no-such-entity-id");
      HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve("/api/catalog" + path))
          .header("Content-Type", "application/json");
      b = switch (method) {
        case "GET" -> b.GET();
        case "DELETE" -> b.DELETE();
        default -> b.method(method, HttpRequest.BodyPublishers.ofString("{}"));
      };
      if (method.equals("DELETE") && path.contains("by-uid")) {
        continue; // served, but it would delete the fixture's entity
      }
      HttpResponse<String> r = TestCatalog.send(b);
      assertThat(r.body()).as(op).doesNotContain("Not found: " + method + " /api/catalog");
      assertThat(r.statusCode()).as(op + " " + r.body()).isNotIn(405, 500);
    }
  }
}
