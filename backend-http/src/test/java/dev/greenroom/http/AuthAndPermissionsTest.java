package dev.greenroom.http;

import static dev.greenroom.http.TestCatalog.post;
import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.catalog.query.EntityPredicate;
import dev.greenroom.http.auth.Permission;
import dev.greenroom.http.auth.PermissionDecision;
import dev.greenroom.http.auth.PermissionPolicy;
import dev.greenroom.http.auth.StaticTokenAuthenticator;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Static bearer tokens (401) and a permission policy narrowing reads and refusing writes. */
class AuthAndPermissionsTest {
  static final String TOKEN = "s3cret-token-1234";

  @TempDir static Path dir;
  static CatalogEngine engine;

  @BeforeAll
  static void start() {
    engine = TestCatalog.engine(dir, 0);
  }

  @AfterAll
  static void stop() {
    engine.close();
  }

  static HttpResponse<String> get(URI base, String path, String token) {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).GET();
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return TestCatalog.send(b);
  }

  @Test
  void staticTokensGuardEveryRoute() {
    try (BackendServer s = BackendServer.builder().port(0).catalog(engine)
        .authenticator(StaticTokenAuthenticator.of(Map.of(TOKEN, "cli"))).build().start()) {
      HttpResponse<String> none = get(s.baseUrl(), "/api/catalog/entities", null);
      assertThat(none.statusCode()).isEqualTo(401);
      JsonNode n = Json.parse(none.body());
      assertThat(n.at("/error/name").stringValue()).isEqualTo("AuthenticationError");
      assertThat(n.at("/error/message").stringValue()).isEqualTo("Missing credentials");
      HttpResponse<String> wrong = get(s.baseUrl(), "/api/catalog/entities", "nope-nope-nope");
      assertThat(wrong.statusCode()).isEqualTo(401);
      assertThat(Json.parse(wrong.body()).at("/error/message").stringValue()).isEqualTo("Invalid credentials");
      assertThat(get(s.baseUrl(), "/api/catalog/entities", TOKEN).statusCode()).isEqualTo(200);
    }
  }

  /** Only team-a's entities are readable; deletes are refused. */
  static final PermissionPolicy TEAM_A = (principal, permission) -> {
    if (Permission.ENTITY_READ.equals(permission)) {
      return PermissionDecision.conditional(EntityPredicate.any(java.util.List.of(
          EntityPredicate.eq("spec.owner", "team-a"), EntityPredicate.eq("metadata.name", "team-a"))));
    }
    if (Permission.ENTITY_DELETE.equals(permission) || Permission.LOCATION_CREATE.equals(permission)) {
      return PermissionDecision.deny();
    }
    return PermissionDecision.allow();
  };

  @Test
  void aConditionalReadDecisionNarrowsListsByRefsFacetsAndQueries() {
    try (BackendServer s = BackendServer.builder().port(0).catalog(engine).permissionPolicy(TEAM_A)
        .build().start()) {
      URI b = s.baseUrl();
      JsonNode list = Json.parse(get(b, "/api/catalog/entities?filter=kind%3Dcomponent", null).body());
      assertThat(CatalogReadRoutesTest.names(list)).containsExactly("petstore");
      JsonNode refs = Json.parse(post(b, "/api/catalog/entities/by-refs",
          "{\"entityRefs\": [\"component:default/petstore\", \"component:default/billing\"]}").body());
      assertThat(CatalogReadRoutesTest.names(refs.get("items"))).containsExactly("petstore", null);
      JsonNode facets = Json.parse(get(b, "/api/catalog/entity-facets?facet=spec.owner", null).body());
      assertThat(facets.at("/facets/spec.owner").toString())
          .isEqualTo("[{\"value\":\"team-a\",\"count\":2}]");
      JsonNode page = Json.parse(get(b, "/api/catalog/entities/by-query?limit=1&orderField=metadata.name", null).body());
      assertThat(page.get("totalItems").asInt()).isEqualTo(3);
      String next = page.at("/pageInfo/nextCursor").stringValue();
      JsonNode p2 = Json.parse(get(b, "/api/catalog/entities/by-query?limit=5&cursor="
          + java.net.URLEncoder.encode(next, java.nio.charset.StandardCharsets.UTF_8), null).body());
      assertThat(CatalogReadRoutesTest.names(p2.get("items"))).containsExactly("petstore-api", "team-a");
      assertThat(get(b, "/api/catalog/entities/by-name/component/default/billing", null).statusCode())
          .isEqualTo(404);
      String uid = engine.catalog().entity(EntityRef.parse("component:default/billing")).orElseThrow()
          .metadata().uid();
      assertThat(TestCatalog.delete(b, "/api/catalog/entities/by-uid/" + uid).statusCode()).isEqualTo(403);
      assertThat(post(b, "/api/catalog/locations", "{\"type\": \"url\", \"target\": \"https://x/y.yaml\"}")
          .statusCode()).isEqualTo(403);
    }
  }

  @Test
  void aDeniedReadEmptiesListsRatherThanFailing() {
    PermissionPolicy denyReads = (p, perm) ->
        Permission.ENTITY_READ.equals(perm) ? PermissionDecision.deny() : PermissionDecision.allow();
    try (BackendServer s = BackendServer.builder().port(0).catalog(engine).permissionPolicy(denyReads)
        .build().start()) {
      URI b = s.baseUrl();
      assertThat(get(b, "/api/catalog/entities", null).body()).isEqualTo("[]");
      assertThat(get(b, "/api/catalog/entities/by-query", null).body())
          .isEqualTo("{\"items\":[],\"totalItems\":0,\"pageInfo\":{}}");
      assertThat(post(b, "/api/catalog/entities/by-refs", "{\"entityRefs\": [\"component:default/petstore\"]}").body())
          .isEqualTo("{\"items\":[null]}");
      assertThat(get(b, "/api/catalog/entities/by-name/component/default/petstore/ancestry", null).statusCode())
          .isEqualTo(403);
    }
  }
}
