package dev.greenroom.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.catalog.processing.DeferredEntity;
import dev.greenroom.catalog.processing.EntityMutation;
import dev.greenroom.catalog.processing.location.CatalogRules;
import dev.greenroom.http.auth.PermissionDecision;
import dev.greenroom.http.auth.Permission;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Issue 13, operators: Backstage's unprocessed-entities routes list the entities that failed
 * processing (with their errors) and those not processed yet, and delete one by entity id with
 * {@code catalog.entities.unprocessed.delete}.
 */
class UnprocessedEntitiesRoutesTest {
  @TempDir static Path dir;
  static CatalogEngine engine;
  static BackendServer server;
  static URI base;

  @BeforeAll
  static void start() throws Exception {
    Path f = dir.resolve("catalog-info.yaml");
    Files.writeString(f, """
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata:
          name: good
        spec: {type: service, lifecycle: production, owner: team-a}
        ---
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata:
          name: broken
        spec: {type: service, owner: team-a, lifecycle: [not, a, string]}
        """);
    engine = CatalogEngine.builder().rules(CatalogRules.allowAll()).processingDisabled()
        .allowedLocationTypes(List.of("file")).location("file", f.toString()).build();
    engine.start();
    assertThat(engine.awaitIdle(Duration.ofMinutes(2))).isTrue();
    // a row a provider wrote that is not due for a long time: pending
    engine.state().applyMutation("test-provider", EntityMutation.full(List.of(new DeferredEntity(
        Entity.fromJson("""
            {"apiVersion":"backstage.io/v1alpha1","kind":"Component",
             "metadata":{"name":"waiting","annotations":{
               "backstage.io/managed-by-location":"url:https://example.com/w.yaml",
               "backstage.io/managed-by-origin-location":"url:https://example.com/w.yaml"}},
             "spec":{"type":"service","lifecycle":"production","owner":"team-b"}}"""),
        "url:https://example.com/w.yaml"))), Instant.parse("2100-01-01T00:00:00Z"));
    server = BackendServer.builder().port(0).catalog(engine)
        // only callers named admin may delete rows
        .authenticator(h -> java.util.Optional.of(new dev.greenroom.http.auth.ApiPrincipal(
            h.firstValue("x-test-user").orElse("jane"))))
        .permissionPolicy((who, p) -> p.equals(Permission.UNPROCESSED_DELETE)
            && !who.getName().equals("admin") ? PermissionDecision.deny()
            : PermissionDecision.allow())
        .build().start();
    base = server.baseUrl();
  }

  @AfterAll
  static void stop() {
    server.close();
    engine.close();
  }

  static JsonNode list(String which, String query) {
    HttpResponse<String> r = TestCatalog.get(base, "/api/catalog/entities/unprocessed/" + which
        + query);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode n = Json.parse(r.body());
    assertThat(n.get("type").asString()).isEqualTo(which);
    return n.get("entities");
  }

  @Test
  void failedEntitiesComeWithTheirErrorsAndPendingOnesWithTheirSchedule() {
    JsonNode failed = list("failed", "");
    assertThat(failed).hasSize(1);
    JsonNode row = failed.get(0);
    assertThat(row.get("entity_ref").asString()).isEqualTo("component:default/broken");
    assertThat(row.get("unprocessed_entity").at("/metadata/name").asString()).isEqualTo("broken");
    assertThat(row.get("entity_id").asString()).isNotEmpty();
    assertThat(row.get("location_key").asString()).startsWith("file:");
    assertThat(row.get("errors").get(0).get("name").asString()).isNotEmpty();
    assertThat(row.get("errors").get(0).get("message").asString()).contains("lifecycle");
    assertThat(Instant.parse(row.get("next_update_at").asString())).isNotNull();
    assertThat(Instant.parse(row.get("last_discovery_at").asString()))
        .isBefore(Instant.now().plusSeconds(1));

    JsonNode pending = list("pending", "");
    assertThat(pending).extracting(n -> n.get("entity_ref").asString())
        .containsExactly("component:default/waiting");
    assertThat(pending.get(0).get("next_update_at").asString())
        .isEqualTo("2100-01-01T00:00:00Z");
    assertThat(pending.get(0).has("errors")).isFalse();
    assertThat(pending.get(0).get("last_discovery_at").asString())
        .isEqualTo("2100-01-01T00:00:00Z");

    assertThat(list("pending", "?owner=team-b")).hasSize(1);
    assertThat(list("pending", "?owner=team-a")).isEmpty();
    assertThat(list("failed", "?owner=team-a")).hasSize(1);
    assertThat(TestCatalog.get(base, "/api/catalog/entities/unprocessed/failed?limit=1")
        .statusCode()).isEqualTo(400);
  }

  static HttpResponse<String> delete(String id, String user) {
    return TestCatalog.send(HttpRequest.newBuilder(
        base.resolve("/api/catalog/entities/unprocessed/delete/" + id))
        .header("x-test-user", user).DELETE());
  }

  @Test
  void deletingNeedsThePermissionAndForgetsTheRow() {
    String id = list("pending", "").get(0).get("entity_id").asString();
    HttpResponse<String> refused = delete(id, "jane");
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.body()).contains("NotAllowedError");
    assertThat(engine.state().get(EntityRef.parse("component:default/waiting"))).isPresent();

    assertThat(delete(id, "admin").statusCode()).isEqualTo(204);
    assertThat(engine.state().get(EntityRef.parse("component:default/waiting"))).isEmpty();
    assertThat(list("pending", "")).isEmpty();
    assertThat(delete("no-such-id", "admin").statusCode()).isEqualTo(204);
    // the served entities are untouched
    assertThat(TestCatalog.get(base, "/api/catalog/entities/by-name/component/default/good")
        .statusCode()).isEqualTo(200);
  }

  @Test
  void theDeletePermissionIsInTheCatalogsMetadata() {
    HttpResponse<String> r = TestCatalog.get(base,
        "/api/catalog/.well-known/backstage/permissions/metadata");
    assertThat(r.body()).contains("\"name\":\"catalog.entities.unprocessed.delete\"");
  }
}
