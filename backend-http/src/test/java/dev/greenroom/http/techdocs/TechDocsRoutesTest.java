package dev.greenroom.http.techdocs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.json.Json;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TechDocsRoutesTest {
  private static final String DOCS = "/api/techdocs/static/docs/default/component/documented-component/";

  DocsFixture fx;

  @BeforeAll
  void start(@TempDir Path tmp) {
    fx = new DocsFixture(tmp, false);
    HttpResponse<String> a = fx.get("/api/techdocs/sync/default/component/documented-component");
    assertThat(a.body()).contains("event: finish");
    HttpResponse<String> b = fx.get("/api/techdocs/sync/default/component/demo");
    assertThat(b.body()).contains("event: finish");
  }

  @AfterAll
  void stop() {
    fx.close();
  }

  record Event(String type, String data) {}

  static List<Event> events(String body) {
    List<Event> out = new ArrayList<>();
    for (String block : body.split("\n\n")) {
      String type = null;
      StringBuilder data = new StringBuilder();
      for (String line : block.split("\n")) {
        if (line.startsWith("event: ")) {
          type = line.substring(7);
        } else if (line.startsWith("data: ")) {
          if (data.length() > 0) {
            data.append('\n');
          }
          data.append(line.substring(6));
        }
      }
      if (type != null) {
        out.add(new Event(type, data.toString()));
      }
    }
    return out;
  }

  @Test
  void syncStreamsLogEventsThenFinish() throws Exception {
    // sources are unchanged since the build in start(): not updated
    HttpResponse<String> r = fx.get("/api/techdocs/sync/default/component/documented-component");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type")).hasValue("text/event-stream; charset=utf-8");
    List<Event> ev = events(r.body());
    assertThat(ev.get(ev.size() - 1)).isEqualTo(new Event("finish", "{\"updated\":false}"));
    // log data is a JSON string, as Backstage's JSON.stringify writes it and its reader parses it
    assertThat(ev).filteredOn(e -> e.type().equals("log")).extracting(Event::data)
        .allMatch(d -> d.startsWith("\"") && d.endsWith("\""))
        .extracting(d -> dev.greenroom.catalog.json.Json.parse(d).asString())
        .anyMatch(d -> d.endsWith("are up to date; nothing to build"));

    java.nio.file.Files.writeString(fx.root.resolve("documented/docs/sub-page.md"), "# Sub page, now edited\n");
    List<Event> rebuilt = events(fx.get("/api/techdocs/sync/default/component/documented-component").body());
    assertThat(rebuilt.get(rebuilt.size() - 1)).isEqualTo(new Event("finish", "{\"updated\":true}"));
    assertThat(rebuilt).extracting(Event::data).anyMatch(d -> d.startsWith("\"Published "));
    assertThat(fx.get(DOCS + "sub-page/index.html").body()).contains("Sub page, now edited");
  }

  @Test
  void syncOfABrokenRefEndsWithAnErrorEvent() {
    List<Event> ev = events(fx.get("/api/techdocs/sync/default/component/escapes").body());
    assertThat(ev.get(ev.size() - 1).type()).isEqualTo("error");
    assertThat(dev.greenroom.catalog.json.Json.parse(ev.get(ev.size() - 1).data()).asString())
        .contains("outside its parent").contains("component:default/escapes");
    assertThat(fx.get("/api/techdocs/sync/default/component/no-docs").statusCode()).isEqualTo(400);
    assertThat(fx.get("/api/techdocs/sync/default/component/missing").statusCode()).isEqualTo(404);
  }

  @Test
  void metadataRoutes() {
    HttpResponse<String> m = fx.get("/api/techdocs/metadata/techdocs/default/component/documented-component");
    assertThat(m.statusCode()).isEqualTo(200);
    JsonNode meta = Json.mapper().readTree(m.body());
    assertThat(meta.path("site_name").asString()).isEqualTo("Example Documentation");
    assertThat(meta.path("etag").asString()).hasSize(64);
    assertThat(meta.path("files").toString()).contains("\"index.html\"", "\"search/search_index.json\"");

    HttpResponse<String> e = fx.get("/api/techdocs/metadata/entity/default/component/documented-component");
    JsonNode entity = Json.mapper().readTree(e.body());
    assertThat(entity.path("metadata").path("name").asString()).isEqualTo("documented-component");
    assertThat(entity.path("locationMetadata").path("type").asString()).isEqualTo("dir");
    assertThat(entity.path("locationMetadata").path("target").asString())
        .isEqualTo(fx.root.resolve("documented").toString());

    // techdocs-entity: the other entity's docs
    JsonNode shown = Json.mapper().readTree(fx.get("/api/techdocs/metadata/techdocs/default/component/shows-demo").body());
    assertThat(shown.path("site_name").asString()).isEqualTo("Backstage Demo");
    assertThat(fx.get("/api/techdocs/metadata/techdocs/default/component/no-docs").statusCode()).isEqualTo(404);
    assertThat(fx.get("/api/techdocs/metadata/techdocs/default/component/nope").statusCode()).isEqualTo(404);
  }

  @Test
  void staticFilesWithContentTypesAndRedirects() {
    HttpResponse<String> index = fx.get(DOCS + "index.html");
    assertThat(index.statusCode()).isEqualTo(200);
    assertThat(index.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
    assertThat(index.headers().firstValue("content-security-policy")).hasValue(TechDocsApiPlugin.CSP);
    // issue 18, item 10: no frames from anywhere, no scripts, a sandboxed origin
    assertThat(TechDocsApiPlugin.CSP).doesNotContain("frame-src https")
        .contains("script-src 'none'", "frame-src 'none'", "object-src 'none'", "sandbox");
    assertThat(index.headers().firstValue("x-content-type-options")).hasValue("nosniff");
    assertThat(index.body()).contains("<title>Example Documentation</title>");
    assertThat(fx.get(DOCS).body()).isEqualTo(index.body());
    assertThat(fx.get(DOCS + "code/code-sample/").body()).contains("<h1 id=\"sample-code\">Sample Code</h1>");
    HttpResponse<String> noSlash = fx.get(DOCS + "code/code-sample");
    assertThat(noSlash.statusCode()).isEqualTo(301);
    assertThat(noSlash.headers().firstValue("location")).hasValue(DOCS + "code/code-sample/");
    assertThat(fx.get(DOCS + PlainTextHtmlTest.stylesheet(index.body())).headers().firstValue("content-type"))
        .hasValue("text/css; charset=utf-8");
    HttpResponse<String> idx = fx.get(DOCS + "search/search_index.json");
    assertThat(idx.headers().firstValue("content-type")).hasValue("application/json; charset=utf-8");
    assertThat(Json.mapper().readTree(idx.body()).path("docs").size()).isGreaterThan(4);
    HttpResponse<String> mixed = fx.get("/api/techdocs/static/docs/Default/Component/Documented-Component/sub-page/");
    assertThat(mixed.statusCode()).isEqualTo(301);
    assertThat(mixed.headers().firstValue("location")).hasValue(DOCS + "sub-page/");
    // the demo entity is named "Demo": its published folder is lower case
    assertThat(fx.get("/api/techdocs/static/docs/default/component/demo/examples/basic/").body())
        .contains("<title>Basic Markdown - Backstage Demo</title>");
    assertThat(fx.get(DOCS + "no/such/page.html").statusCode()).isEqualTo(404);
    assertThat(fx.get("/api/techdocs/static/docs/default/component/no-docs/index.html").statusCode()).isEqualTo(404);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "../../../../secret.txt", "..", "../secret.txt", "%2e%2e/%2e%2e/%2e%2e/%2e%2e/secret.txt", "..%2F..%2F..%2F..%2Fsecret.txt",
      "%2E%2E%2F%2E%2E%2F%2E%2E%2Fsecret.txt", "sub-page/..%2F..%2F..%2F..%2Fsecret.txt", "..%5C..%5C..%5Csecret.txt",
      "%2Fetc%2Fpasswd", "index.html%00.css", "./index.html", "sub-page/../../../../secret.txt",
      "%252e%252e/%252e%252e/secret.txt"})
  void traversalNeverLeavesTheSite(String attack) {
    HttpResponse<String> r = fx.get(DOCS + attack);
    assertThat(r.statusCode()).as(attack).isIn(400, 404);
    assertThat(r.body()).doesNotContain("TOP-SECRET").doesNotContain("root:");
    HttpResponse<String> t = fx.get("/api/techdocs/static/docs/default/component/..%2F..%2F/" + attack);
    assertThat(t.statusCode()).as("triplet " + attack).isIn(400, 404);
    assertThat(t.body()).doesNotContain("TOP-SECRET");
    HttpResponse<String> u = fx.get("/api/techdocs/static/docs/../../..%2Fsecret.txt/x/" + attack);
    assertThat(u.statusCode()).isIn(400, 404);
    assertThat(u.body()).doesNotContain("TOP-SECRET");
  }

  @Test
  void searchFindsPagesAcrossEntities() {
    HttpResponse<String> r = fx.get("/api/techdocs/search?term=mermaid&limit=5");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode results = Json.mapper().readTree(r.body()).path("results");
    assertThat(results.size()).isBetween(1, 5);
    JsonNode first = results.get(0);
    assertThat(first.path("entityRef").asString()).isEqualTo("component:default/demo");
    assertThat(first.path("url").asString()).startsWith("/docs/default/component/demo/examples/mermaid");
    assertThat(first.path("snippet").asString()).containsIgnoringCase("<mark>mermaid</mark>");

    JsonNode admon = Json.mapper().readTree(fx.get("/api/techdocs/search?term=admonitions").body()).path("results");
    assertThat(admon.get(0).path("entityRef").asString()).isEqualTo("component:default/documented-component");
    assertThat(admon.get(0).path("entityTitle").asString()).isEqualTo("Documented Component");

    List<String> refs = new ArrayList<>();
    Json.mapper().readTree(fx.get("/api/techdocs/search?term=techdocs&limit=50").body()).path("results")
        .forEach(h -> refs.add(h.path("entityRef").asString()));
    assertThat(refs).contains("component:default/demo", "component:default/documented-component");

    assertThat(fx.get("/api/techdocs/search").statusCode()).isEqualTo(400);
    assertThat(fx.get("/api/techdocs/search?term=x&limit=0").statusCode()).isEqualTo(400);
    assertThat(fx.get("/api/techdocs/search?term=x&bogus=1").statusCode()).isEqualTo(400);
  }
}
