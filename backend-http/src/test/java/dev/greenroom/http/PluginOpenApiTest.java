package dev.greenroom.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.http.scaffolder.ScaffolderApiPlugin;
import dev.greenroom.http.techdocs.TechDocsApiPlugin;
import dev.greenroom.scaffolder.Scaffolder;
import dev.greenroom.scaffolder.task.TaskBroker;
import dev.greenroom.scaffolder.task.memory.MemoryTaskStore;
import dev.greenroom.techdocs.TechDocs;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Issue 13, the contract for UI builders: the scaffolder's, TechDocs' and the permission plugin's
 * OpenAPI documents list every route the plugin serves and nothing else, are sound (references
 * resolve, path parameters are declared), and every documented operation is served.
 */
class PluginOpenApiTest {
  @TempDir static Path dir;
  static CatalogEngine engine;
  static BackendServer server;
  static HttpApi api;
  static URI base;

  /** Values for path parameters when the documented operations are called. */
  static final Map<String, String> VALUES = Map.of(
      "{namespace}/{kind}/{name}", "default/component/petstore",
      "{taskId}", "00000000-0000-0000-0000-000000000000",
      "{provider}", "none",
      "{resource}", "none",
      "{path}", "index.html");

  @BeforeAll
  static void start() {
    engine = TestCatalog.engine(dir.resolve("catalog"), 0);
    Scaffolder scaffolder = Scaffolder.builder().defaultActions().catalogEngine(engine)
        .workspaceRoot(dir.resolve("dry")).build();
    TaskBroker broker = TaskBroker.builder(new MemoryTaskStore()).build();
    TechDocs techdocs = TechDocs.builder().publishDirectory(dir.resolve("site"))
        .checkInterval(Duration.ZERO).build();
    server = BackendServer.builder().port(0).catalog(engine)
        .plugin(ScaffolderApiPlugin.builder(scaffolder, broker, engine.catalog()).build())
        .plugin(TechDocsApiPlugin.of(techdocs, engine.catalog()))
        .build().start();
    base = server.baseUrl();
    api = server.api();
  }

  @AfterAll
  static void stop() {
    server.close();
    engine.close();
  }

  static JsonNode document(String plugin) {
    HttpResponse<String> r = TestCatalog.get(base, "/api/" + plugin + "/openapi.json");
    assertThat(r.statusCode()).as(plugin).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type")).hasValue(OpenApiDocument.CONTENT_TYPE);
    return Json.parse(r.body());
  }

  @ParameterizedTest
  @ValueSource(strings = {"scaffolder", "techdocs", "permission"})
  void everyServedRouteIsDocumentedAndNothingElse(String plugin) {
    JsonNode doc = document(plugin);
    java.util.Set<String> served = new java.util.TreeSet<>(api.operations(plugin));
    if (plugin.equals("techdocs")) {
      // the static files' routes, one per depth below the entity, are one {path} in the document
      served.removeIf(op -> op.matches("GET /static/docs/\\{namespace}/\\{kind}/\\{name}/.+"));
      served.add("GET /static/docs/{namespace}/{kind}/{name}/{path}");
    }
    assertThat(OpenApiDocument.operations(doc)).isEqualTo(served);
    assertThat(OpenApiDocument.problems(doc)).isEmpty();
    assertThat(doc.get("openapi").asString()).startsWith("3.");
    assertThat(doc.at("/servers/0/url").asString()).isEqualTo("/api/" + plugin);
  }

  @ParameterizedTest
  @ValueSource(strings = {"scaffolder", "techdocs", "permission"})
  void everyDocumentedOperationIsServed(String plugin) {
    for (String op : OpenApiDocument.operations(document(plugin))) {
      String method = op.substring(0, op.indexOf(' '));
      String path = op.substring(op.indexOf(' ') + 1);
      for (Map.Entry<String, String> v : VALUES.entrySet()) {
        path = path.replace(v.getKey(), v.getValue());
      }
      assertThat(path).as(op).doesNotContain("{");
      HttpRequest.Builder req = HttpRequest.newBuilder(base.resolve("/api/" + plugin + path))
          .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json");
      req = method.equals("GET") ? req.GET()
          : req.method(method, HttpRequest.BodyPublishers.ofString("{}"));
      HttpResponse<String> r = TestCatalog.send(req);
      assertThat(r.body()).as(op).doesNotContain("Not found: " + method + " /api/" + plugin);
      assertThat(r.statusCode()).as(op + " " + r.body()).isNotIn(405, 500);
    }
  }
}
