package dev.greenroom.http;

import static dev.greenroom.http.TestCatalog.delete;
import static dev.greenroom.http.TestCatalog.get;
import static dev.greenroom.http.TestCatalog.post;
import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.catalog.processing.LocationSpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Routes that change the catalog, each test on a fresh engine. */
class CatalogWriteRoutesTest {
  @TempDir Path dir;
  CatalogEngine engine;
  BackendServer server;
  URI base;
  Path extra;

  @BeforeEach
  void start() throws IOException {
    engine = TestCatalog.engine(dir.resolve("main"), 0);
    server = BackendServer.builder().port(0).catalog(engine).build().start();
    base = server.baseUrl();
    extra = dir.resolve("extra/catalog-info.yaml").toAbsolutePath();
    Files.createDirectories(extra.getParent());
    Files.writeString(extra, TestCatalog.component("registered", "team-a", "service"));
  }

  @AfterEach
  void stop() {
    server.close();
    engine.close();
  }

  static JsonNode json(HttpResponse<String> r, int status) {
    return CatalogReadRoutesTest.json(r, status);
  }

  String locationBody() {
    return Json.write(Json.object().put("type", "file").put("target", extra.toString()));
  }

  @Test
  void registerListGetByEntityAndDeleteALocation() {
    JsonNode created = json(post(base, "/api/catalog/locations", locationBody()), 201);
    JsonNode loc = created.get("location");
    assertThat(loc.propertyNames()).containsExactly("id", "type", "target", "entityRef");
    assertThat(loc.get("type").stringValue()).isEqualTo("file");
    assertThat(loc.get("entityRef").stringValue()).isEqualTo(
        CatalogEngine.locationRef(LocationSpec.of("file", extra.toString())).toString());
    assertThat(created.get("entities").isEmpty()).isTrue();
    assertThat(created.has("exists")).isFalse();
    String id = loc.get("id").stringValue();

    JsonNode list = json(get(base, "/api/catalog/locations"), 200);
    assertThat(list.size()).isEqualTo(1);
    assertThat(list.get(0).get("data")).isEqualTo(loc);
    assertThat(json(get(base, "/api/catalog/locations/" + id), 200)).isEqualTo(loc);

    JsonNode dup = json(post(base, "/api/catalog/locations", locationBody()), 409);
    assertThat(dup.at("/error/name").stringValue()).isEqualTo("ConflictError");
    assertThat(dup.at("/error/message").stringValue())
        .isEqualTo("Location file:" + extra + " already exists");
    JsonNode again = json(post(base, "/api/catalog/locations?onConflict=refresh", locationBody()), 201);
    assertThat(again.get("location")).isEqualTo(loc);

    engine.awaitIdle(Duration.ofMinutes(1));
    json(get(base, "/api/catalog/entities/by-name/component/default/registered"), 200);
    assertThat(json(get(base, "/api/catalog/locations/by-entity/component/default/registered"), 200))
        .isEqualTo(loc);

    JsonNode page = json(post(base, "/api/catalog/locations/by-query",
        "{\"query\": {\"type\": \"FILE\"}, \"limit\": 5}"), 200);
    assertThat(page.get("totalItems").asInt()).isEqualTo(1);
    assertThat(page.get("items").get(0)).isEqualTo(loc);

    HttpResponse<String> del = delete(base, "/api/catalog/locations/" + id);
    assertThat(del.statusCode()).isEqualTo(204);
    assertThat(del.body()).isEmpty();
    engine.awaitIdle(Duration.ofMinutes(1));
    assertThat(get(base, "/api/catalog/entities/by-name/component/default/registered").statusCode())
        .isEqualTo(404);
    JsonNode gone = json(get(base, "/api/catalog/locations/" + id), 404);
    assertThat(gone.at("/error/message").stringValue()).isEqualTo("Found no location with ID " + id);
    assertThat(delete(base, "/api/catalog/locations/" + id).statusCode()).isEqualTo(404);
  }

  @Test
  void dryRunReturnsTheEntitiesWithoutRegistering() {
    JsonNode r = json(post(base, "/api/catalog/locations?dryRun=true", locationBody()), 201);
    assertThat(r.at("/location/id").stringValue()).isEqualTo("file:" + extra);
    assertThat(r.get("exists").booleanValue()).isFalse();
    assertThat(r.get("entities").toString()).contains("\"name\":\"registered\"");
    assertThat(json(get(base, "/api/catalog/locations"), 200).isEmpty()).isTrue();
  }

  @Test
  void aLocationTypeThatIsNotAllowedAnswers400() {
    JsonNode r = json(post(base, "/api/catalog/locations",
        "{\"type\": \"github-org\", \"target\": \"https://github.com/acme\"}"), 400);
    assertThat(r.at("/error/name").stringValue()).isEqualTo("InputError");
    assertThat(r.at("/error/message").stringValue())
        .isEqualTo("Registered locations must be of an allowed type [\"file\",\"url\"]");
  }

  @Test
  void refreshAnswersEmpty200AndUnknown404() {
    HttpResponse<String> ok = post(base, "/api/catalog/refresh", "{\"entityRef\": \"component:default/petstore\"}");
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).isEmpty();
    JsonNode missing = json(post(base, "/api/catalog/refresh", "{\"entityRef\": \"component:default/nope\"}"), 404);
    assertThat(missing.at("/error/message").stringValue()).isEqualTo("Entity component:default/nope not found");
  }

  @Test
  void deleteByUidAnswers204EvenForUnknownUids() {
    String uid = engine.catalog().entity(EntityRef.parse("component:default/docs-site"))
        .orElseThrow().metadata().uid();
    HttpResponse<String> r = delete(base, "/api/catalog/entities/by-uid/" + uid);
    assertThat(r.statusCode()).isEqualTo(204);
    assertThat(engine.catalog().entityByUid(uid)).isEmpty();
    assertThat(delete(base, "/api/catalog/entities/by-uid/not-a-uid").statusCode()).isEqualTo(204);
  }

  @Test
  void validateEntityAnswers200OrBackstageErrors() {
    String valid = """
        {"location": "url:https://example.com/catalog-info.yaml", "entity": {"apiVersion": "backstage.io/v1alpha1",
         "kind": "Component", "metadata": {"name": "ok"}, "spec": {"type": "service", "lifecycle": "x", "owner": "me"}}}""";
    HttpResponse<String> ok = post(base, "/api/catalog/validate-entity", valid);
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).isEmpty();
    String invalid = valid.replace("\"name\": \"ok\"", "\"name\": \"-bad\"");
    JsonNode bad = json(post(base, "/api/catalog/validate-entity", invalid), 400);
    assertThat(bad.propertyNames()).containsExactly("errors");
    assertThat(bad.at("/errors/0/name").stringValue()).isEqualTo("InputError");
    assertThat(bad.at("/errors/0/message").stringValue()).contains("metadata.name");
    HttpResponse<String> noType = TestCatalog.send(HttpRequest.newBuilder(
        base.resolve("/api/catalog/validate-entity")).POST(HttpRequest.BodyPublishers.ofString(valid)));
    JsonNode nt = json(noType, 400);
    assertThat(nt.at("/errors/0/message").stringValue()).isEqualTo("Content-Type missing");
    JsonNode notUrl = json(post(base, "/api/catalog/validate-entity",
        valid.replace("url:https://example.com/catalog-info.yaml", "file:/x.yaml")), 400);
    assertThat(notUrl.get("errors").size()).isEqualTo(1);
  }

  /**
   * Regression: every failure of validate-entity answered {@code {errors: [...]}}. As Backstage's
   * router: a body that is not JSON fails in {@code express.json()} before the handler (standard
   * error body); the handler's own checks answer {@code {errors: [...]}} with their error names.
   */
  @Test
  void validateEntityAnswersLikeBackstageForBodiesWithoutAnEntity() {
    HttpResponse<String> notJson = post(base, "/api/catalog/validate-entity", "{\"entity\": ");
    JsonNode nj = json(notJson, 400);
    assertThat(nj.propertyNames()).containsExactly("error", "request", "response");
    assertThat(nj.at("/error/name").stringValue()).isEqualTo("InputError");
    assertThat(nj.at("/response/statusCode").asInt()).isEqualTo(400);
    assertThat(json(post(base, "/api/catalog/validate-entity", "null"), 400).at("/error/name").stringValue())
        .isEqualTo("InputError");

    JsonNode noEntity = json(post(base, "/api/catalog/validate-entity",
        "{\"location\": \"url:https://example.com/catalog-info.yaml\"}"), 400);
    assertThat(noEntity.propertyNames()).containsExactly("errors");
    assertThat(noEntity.at("/errors/0/name").stringValue()).isEqualTo("TypeError");
    assertThat(noEntity.at("/errors/0/message").stringValue()).isEqualTo("<root> must be object - type: object");

    JsonNode empty = json(post(base, "/api/catalog/validate-entity", "{}"), 400);
    assertThat(empty.propertyNames()).containsExactly("errors");
    assertThat(empty.at("/errors/0/message").stringValue()).isEqualTo("Empty request body");

    JsonNode noLocation = json(post(base, "/api/catalog/validate-entity", "{\"entity\": {}}"), 400);
    assertThat(noLocation.at("/errors/0/name").stringValue()).isEqualTo("InputError");
    assertThat(noLocation.at("/errors/0/message").stringValue()).startsWith("Malformed request");
  }

  @Test
  void analyzeLocationProposesAComponent() {
    JsonNode r = json(post(base, "/api/catalog/analyze-location",
        "{\"location\": {\"type\": \"url\", \"target\": \"https://github.com/acme/widget/blob/main/catalog-info.yaml\"}}"), 200);
    assertThat(r.get("existingEntityFiles").isEmpty()).isTrue();
    assertThat(r.at("/generateEntities/0/entity/metadata/annotations/github.com~1project-slug").stringValue())
        .isEqualTo("acme/widget");
    JsonNode bad = json(post(base, "/api/catalog/analyze-location",
        "{\"location\": {\"type\": \"url\", \"target\": \"not a url\"}}"), 400);
    assertThat(bad.at("/error/message").stringValue()).isEqualTo("The given location.target is not a URL");
  }

  @Test
  void readonlyModeRejectsLocationWritesButAllowsDryRun() {
    try (BackendServer ro = BackendServer.builder().port(0).catalog(engine).readonly(true).build().start()) {
      URI b = ro.baseUrl();
      JsonNode r = json(post(b, "/api/catalog/locations", locationBody()), 403);
      assertThat(r.at("/error/name").stringValue()).isEqualTo("NotAllowedError");
      assertThat(r.at("/error/message").stringValue()).isEqualTo("This operation not allowed in readonly mode");
      assertThat(json(delete(b, "/api/catalog/locations/abc"), 403).at("/error/message").stringValue())
          .isEqualTo("This operation not allowed in readonly mode");
      json(post(b, "/api/catalog/locations?dryRun=true", locationBody()), 201);
      String uid = engine.catalog().entity(EntityRef.parse("component:default/docs-site"))
          .orElseThrow().metadata().uid();
      assertThat(delete(b, "/api/catalog/entities/by-uid/" + uid).statusCode()).isEqualTo(204);
    }
  }
}
