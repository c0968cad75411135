package dev.greenroom.http;

import static dev.greenroom.http.TestCatalog.get;
import static dev.greenroom.http.TestCatalog.post;
import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.processing.CatalogEngine;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The read routes' happy paths with their exact status and body shapes. */
class CatalogReadRoutesTest {
  /** 2 groups, 1 user, 1 API, 3 + 10 components, the config Location entity. */
  static final int TOTAL = 18;

  @TempDir static Path dir;
  static CatalogEngine engine;
  static BackendServer server;
  static URI base;

  @BeforeAll
  static void start() {
    engine = TestCatalog.engine(dir, 10);
    server = BackendServer.builder().host("127.0.0.1").port(0).catalog(engine).build().start();
    base = server.baseUrl();
  }

  @AfterAll
  static void stop() {
    server.close();
    engine.close();
  }

  static JsonNode json(HttpResponse<String> r, int status) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("content-type")).hasValue("application/json; charset=utf-8");
    return Json.parse(r.body());
  }

  static List<String> names(JsonNode items) {
    List<String> out = new ArrayList<>();
    items.forEach(i -> out.add(i.isNull() ? null : i.at("/metadata/name").stringValue()));
    return out;
  }

  @Test
  void entitiesWithoutPagingReturnsTheWholeList() {
    JsonNode all = json(get(base, "/api/catalog/entities"), 200);
    assertThat(all.isArray()).isTrue();
    assertThat(all.size()).isEqualTo(TOTAL);
    assertThat(names(all)).contains("petstore", "Billing", "team-a", "petstore-api");
  }

  @Test
  void entitiesFilterSetsAreAndedInsideAndOredAcross() {
    JsonNode services =
        json(get(base, "/api/catalog/entities?filter=kind%3Dcomponent%2Cspec.type%3Dservice"), 200);
    assertThat(names(services)).containsExactlyInAnyOrder("petstore", "Billing");
    JsonNode apisOrGroups =
        json(get(base, "/api/catalog/entities?filter=kind%3Dapi&filter=kind%3Dgroup"), 200);
    assertThat(names(apisOrGroups)).containsExactlyInAnyOrder("petstore-api", "team-a", "team-b");
    JsonNode tagged = json(get(base, "/api/catalog/entities?filter=metadata.tags.java"), 200);
    assertThat(names(tagged)).containsExactlyInAnyOrder("petstore", "Billing");
  }

  @Test
  void entitiesProjectionKeepsOnlyTheFields() {
    JsonNode r = json(get(base, "/api/catalog/entities?filter=kind%3Dapi&fields=kind,metadata.name"), 200);
    assertThat(r.size()).isEqualTo(1);
    assertThat(r.get(0).propertyNames()).containsExactly("kind", "metadata");
    assertThat(r.get(0).get("metadata").propertyNames()).containsExactly("name");
  }

  @Test
  void entitiesOrderedStreamHonoursTheFirstOrder() {
    JsonNode r = json(get(base, "/api/catalog/entities?filter=kind%3Dgroup&order=desc%3Ametadata.name"), 200);
    assertThat(names(r)).containsExactly("team-b", "team-a");
  }

  @Test
  void entitiesPagingFollowsTheLinkHeader() {
    Set<String> seen = new HashSet<>();
    String path = "/api/catalog/entities?limit=5&filter=kind%3Dcomponent&order=asc%3Ametadata.name";
    int pages = 0;
    List<String> ordered = new ArrayList<>();
    while (path != null) {
      HttpResponse<String> r = get(base, path);
      JsonNode items = json(r, 200);
      assertThat(items.size()).isLessThanOrEqualTo(5);
      for (String n : names(items)) {
        assertThat(seen.add(n)).as("duplicate " + n).isTrue();
        ordered.add(n);
      }
      pages++;
      path = r.headers().firstValue("link")
          .map(l -> {
            assertThat(l).startsWith("</entities?").endsWith(">; rel=\"next\"");
            assertThat(l).doesNotContain("offset=");
            return "/api/catalog" + l.substring(1, l.indexOf('>'));
          })
          .orElse(null);
    }
    assertThat(pages).isEqualTo(3);
    assertThat(seen).hasSize(13);
    assertThat(ordered.get(0)).isEqualTo("Billing");
  }

  @Test
  void entitiesLinkCursorIsBase64OfLimitAndOffset() {
    HttpResponse<String> r = get(base, "/api/catalog/entities?limit=2&offset=1");
    assertThat(json(r, 200).size()).isEqualTo(2);
    String link = r.headers().firstValue("link").orElseThrow();
    String cursor = java.net.URLDecoder.decode(
        link.substring(link.indexOf("after=") + 6, link.indexOf('>')), StandardCharsets.UTF_8);
    JsonNode c = Json.parse(new String(Base64.getDecoder().decode(cursor), StandardCharsets.UTF_8));
    assertThat(c.get("limit").asInt()).isEqualTo(2);
    assertThat(c.get("offset").asInt()).isEqualTo(3);
  }

  @Test
  void byQueryPagesForwardAndBackwardWithCursors() {
    JsonNode p1 = json(get(base,
        "/api/catalog/entities/by-query?limit=4&filter=kind%3Dcomponent&orderField=metadata.name%2Casc"), 200);
    assertThat(p1.get("totalItems").asInt()).isEqualTo(13);
    assertThat(names(p1.get("items"))).containsExactly("Billing", "docs-site", "gen-00000", "gen-00001");
    assertThat(p1.get("pageInfo").has("prevCursor")).isFalse();
    String next = p1.at("/pageInfo/nextCursor").stringValue();
    JsonNode decoded = Json.parse(new String(Base64.getDecoder().decode(next), StandardCharsets.UTF_8));
    assertThat(decoded.has("query")).isFalse();
    JsonNode p2 = json(get(base, "/api/catalog/entities/by-query?limit=4&cursor="
        + java.net.URLEncoder.encode(next, StandardCharsets.UTF_8)), 200);
    assertThat(names(p2.get("items"))).containsExactly("gen-00002", "gen-00003", "gen-00004", "gen-00005");
    assertThat(p2.get("totalItems").asInt()).isEqualTo(13);
    String prev = p2.at("/pageInfo/prevCursor").stringValue();
    JsonNode back = json(get(base, "/api/catalog/entities/by-query?limit=4&cursor="
        + java.net.URLEncoder.encode(prev, StandardCharsets.UTF_8)), 200);
    assertThat(names(back.get("items"))).containsExactly("Billing", "docs-site", "gen-00000", "gen-00001");
  }

  @Test
  void byQueryDefaultsAndTotalItemsExclude() {
    JsonNode all = json(get(base, "/api/catalog/entities/by-query"), 200);
    assertThat(all.get("items").size()).isEqualTo(TOTAL);
    assertThat(all.get("totalItems").asInt()).isEqualTo(TOTAL);
    assertThat(all.get("pageInfo").isEmpty()).isTrue();
    JsonNode excluded = json(get(base, "/api/catalog/entities/by-query?limit=1&totalItems=exclude"), 200);
    assertThat(excluded.get("totalItems").asInt()).isZero();
    JsonNode zero = json(get(base, "/api/catalog/entities/by-query?limit=0&filter=kind%3Dgroup"), 200);
    assertThat(zero.get("items").size()).isZero();
    assertThat(zero.get("totalItems").asInt()).isEqualTo(2);
  }

  @Test
  void byQueryFullTextFilter() {
    JsonNode r = json(get(base, "/api/catalog/entities/by-query?fullTextFilterTerm=%20PETST%20"
        + "&fullTextFilterFields=metadata.name&orderField=metadata.name"), 200);
    assertThat(names(r.get("items"))).containsExactly("petstore", "petstore-api");
  }

  @Test
  void postByQueryWithPredicateAndPredicateCursor() {
    String body = """
        {"query": {"$all": [{"kind": "component"}, {"$any": [{"metadata.tags": "java"},
          {"spec.type": {"$in": ["website"]}}]}]},
         "orderBy": [{"field": "metadata.name", "order": "desc"}], "limit": 2,
         "fields": ["metadata.name"]}""";
    JsonNode p1 = json(post(base, "/api/catalog/entities/by-query", body), 200);
    assertThat(p1.get("totalItems").asInt()).isEqualTo(3);
    assertThat(names(p1.get("items"))).containsExactly("petstore", "docs-site");
    String next = p1.at("/pageInfo/nextCursor").stringValue();
    JsonNode decoded = Json.parse(new String(Base64.getDecoder().decode(next), StandardCharsets.UTF_8));
    assertThat(decoded.has("query")).isTrue();
    JsonNode p2 = json(post(base, "/api/catalog/entities/by-query",
        "{\"cursor\": \"" + next + "\", \"limit\": 2}"), 200);
    assertThat(names(p2.get("items"))).containsExactly("Billing");
    assertThat(p2.at("/pageInfo/nextCursor").isMissingNode()).isTrue();
  }

  @Test
  void predicateOperatorsExistsNotAndHasPrefix() {
    JsonNode r = json(post(base, "/api/catalog/entities/by-query", """
        {"query": {"$all": [{"kind": "component"}, {"$not": {"metadata.name": {"$hasPrefix": "gen-"}}},
          {"metadata.tags": {"$exists": true}}]}}"""), 200);
    assertThat(names(r.get("items"))).containsExactlyInAnyOrder("petstore", "Billing");
  }

  @Test
  void byRefsKeepsOrderWithNullHoles() {
    JsonNode r = json(post(base, "/api/catalog/entities/by-refs", """
        {"entityRefs": ["component:default/petstore", "component:default/nope",
          "API:Default/Petstore-API", "component:petstore"], "fields": ["kind", "metadata.name"]}"""), 200);
    JsonNode items = r.get("items");
    assertThat(items.size()).isEqualTo(4);
    assertThat(names(items)).containsExactly("petstore", null, "petstore-api", null);
    assertThat(items.get(0).propertyNames()).containsExactly("kind", "metadata");
    JsonNode filtered = json(post(base, "/api/catalog/entities/by-refs?filter=kind%3Dcomponent",
        "{\"entityRefs\": [\"component:default/petstore\", \"api:default/petstore-api\"]}"), 200);
    assertThat(names(filtered.get("items"))).containsExactly("petstore", null);
    JsonNode byQuery = json(post(base, "/api/catalog/entities/by-refs",
        "{\"entityRefs\": [\"component:default/petstore\", \"api:default/petstore-api\"],"
            + " \"query\": {\"kind\": \"api\"}}"), 200);
    assertThat(names(byQuery.get("items"))).containsExactly(null, "petstore-api");
  }

  @Test
  void byNameIsCaseInsensitiveAndByUidFindsTheSameEntity() {
    JsonNode e = json(get(base, "/api/catalog/entities/by-name/COMPONENT/Default/PetStore"), 200);
    assertThat(e.at("/metadata/name").stringValue()).isEqualTo("petstore");
    String uid = e.at("/metadata/uid").stringValue();
    JsonNode byUid = json(get(base, "/api/catalog/entities/by-uid/" + uid), 200);
    assertThat(byUid).isEqualTo(e);
  }

  @Test
  void byNameUnknownAnswersBackstagesText() {
    JsonNode r = json(get(base, "/api/catalog/entities/by-name/Component/default/Nope"), 404);
    assertThat(r.at("/error/name").stringValue()).isEqualTo("NotFoundError");
    assertThat(r.at("/error/message").stringValue())
        .isEqualTo("No entity named 'Nope' found, with kind 'Component' in namespace 'default'");
    assertThat(r.at("/request/method").stringValue()).isEqualTo("GET");
    assertThat(r.at("/request/url").stringValue())
        .isEqualTo("/api/catalog/entities/by-name/Component/default/Nope");
    assertThat(r.at("/response/statusCode").asInt()).isEqualTo(404);
    JsonNode uid = json(get(base, "/api/catalog/entities/by-uid/no-such-uid"), 404);
    assertThat(uid.at("/error/message").stringValue()).isEqualTo("No entity with uid no-such-uid");
  }

  @Test
  void ancestryWalksUpToTheLocation() {
    JsonNode r = json(get(base, "/api/catalog/entities/by-name/component/default/petstore/ancestry"), 200);
    assertThat(r.get("rootEntityRef").stringValue()).isEqualTo("component:default/petstore");
    JsonNode items = r.get("items");
    assertThat(items.size()).isEqualTo(2);
    assertThat(items.get(0).at("/entity/metadata/name").stringValue()).isEqualTo("petstore");
    String parent = items.get(0).get("parentEntityRefs").get(0).stringValue();
    assertThat(parent).startsWith("location:default/generated-");
    assertThat(items.get(1).at("/entity/kind").stringValue()).isEqualTo("Location");
    assertThat(items.get(1).get("parentEntityRefs").isEmpty()).isTrue();
    JsonNode missing = json(get(base, "/api/catalog/entities/by-name/component/default/nope/ancestry"), 404);
    assertThat(missing.at("/error/message").stringValue()).isEqualTo("No such entity component:default/nope");
  }

  @Test
  void facetsGetAndPost() {
    JsonNode r = json(get(base, "/api/catalog/entity-facets?facet=kind&facet=metadata.tags"), 200);
    JsonNode kinds = r.at("/facets/kind");
    assertThat(kinds.toString()).contains("{\"value\":\"Component\",\"count\":13}");
    assertThat(r.at("/facets/metadata.tags").toString())
        .contains("{\"value\":\"java\",\"count\":2}", "{\"value\":\"web\",\"count\":1}");
    JsonNode filtered = json(get(base, "/api/catalog/entity-facets?facet=spec.type&filter=kind%3Dcomponent"), 200);
    assertThat(filtered.at("/facets/spec.type").toString())
        .isEqualTo("[{\"value\":\"library\",\"count\":10},{\"value\":\"service\",\"count\":2},"
            + "{\"value\":\"website\",\"count\":1}]");
    JsonNode posted = json(post(base, "/api/catalog/entity-facets",
        "{\"facets\": [\"spec.owner\"], \"query\": {\"spec.type\": \"service\"}}"), 200);
    assertThat(posted.at("/facets/spec.owner").toString())
        .isEqualTo("[{\"value\":\"team-a\",\"count\":1},{\"value\":\"team-b\",\"count\":1}]");
  }

  @Test
  void locationsListIsEmptyForConfigLocations() {
    JsonNode r = json(get(base, "/api/catalog/locations"), 200);
    assertThat(r.isArray()).isTrue();
    assertThat(r.isEmpty()).isTrue();
    JsonNode byEntity = json(get(base, "/api/catalog/locations/by-entity/component/default/petstore"), 404);
    assertThat(byEntity.at("/error/name").stringValue()).isEqualTo("NotFoundError");
  }
  /**
   * Answers written from stored entity text (issue 16) are the compact JSON a tree of the same
   * answer serialises to, byte for byte, and hold the same entities as the projected form.
   */
  @Test
  void answersWrittenFromStoredTextAreTheCompactJsonOfTheirTree() {
    List<String> paths = List.of(
        "/api/catalog/entities/by-name/component/default/petstore",
        "/api/catalog/entities/by-query?filter=kind%3Dcomponent&limit=3&orderField=metadata.name,asc",
        "/api/catalog/entities/by-query?filter=kind%3Dgroup&totalItems=exclude",
        "/api/catalog/entities?filter=kind%3Dcomponent&limit=2&offset=1",
        "/api/catalog/entities");
    for (String path : paths) {
      HttpResponse<String> r = get(base, path);
      assertThat(r.statusCode()).as(path).isEqualTo(200);
      assertThat(Json.write(Json.parse(r.body()))).as(path).isEqualTo(r.body());
    }
    JsonNode page = json(get(base,
        "/api/catalog/entities/by-query?filter=kind%3Dcomponent&limit=3&orderField=metadata.name,asc"), 200);
    String next = page.at("/pageInfo/nextCursor").stringValue();
    HttpResponse<String> second = get(base, "/api/catalog/entities/by-query?cursor=" + next);
    assertThat(Json.write(Json.parse(second.body()))).isEqualTo(second.body());
    assertThat(Json.parse(second.body()).at("/pageInfo/prevCursor").isString()).isTrue();
    HttpResponse<String> refs = post(base, "/api/catalog/entities/by-refs",
        "{\"entityRefs\":[\"component:default/petstore\",\"component:default/nope\"]}");
    assertThat(refs.body()).startsWith("{\"items\":[{").endsWith(",null]}");
    assertThat(Json.write(Json.parse(refs.body()))).isEqualTo(refs.body());
    JsonNode projected = json(get(base,
        "/api/catalog/entities/by-query?filter=kind%3Dcomponent&limit=3&orderField=metadata.name,asc"
            + "&fields=metadata.name"), 200);
    JsonNode whole = json(get(base,
        "/api/catalog/entities/by-query?filter=kind%3Dcomponent&limit=3&orderField=metadata.name,asc"), 200);
    assertThat(names(projected.get("items"))).isEqualTo(names(whole.get("items")));
    assertThat(projected.at("/items/0").size()).isEqualTo(1);
    assertThat(whole.at("/items/0/spec").isObject()).isTrue();
  }
}
