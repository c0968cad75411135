package dev.greenroom.http;

import static dev.greenroom.http.TestCatalog.get;
import static dev.greenroom.http.TestCatalog.post;
import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.catalog.query.EntityPredicate;
import dev.greenroom.catalog.query.QueryCursor;
import dev.greenroom.catalog.query.QueryLimits;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Security issue 18, item 8: one request could make the database work for minutes (1,000 {@code
 * filter=} parameters, a 39 KB URL: 78 s on PostgreSQL). Every catalog query is now capped, and a
 * request past a cap gets 400 InputError naming the parameter and the limit, before anything is
 * read.
 */
class QueryLimitsTest {
  @TempDir static Path dir;
  static CatalogEngine engine;
  static BackendServer server;
  static BackendServer strict;
  static URI base;

  @BeforeAll
  static void start() {
    engine = TestCatalog.engine(dir, 10);
    server = BackendServer.builder().host("127.0.0.1").port(0).catalog(engine).build().start();
    strict =
        BackendServer.builder()
            .host("127.0.0.1")
            .port(0)
            .catalog(engine)
            .queryLimits(QueryLimits.defaults().withMaxFilterSets(2).withMaxConditions(3))
            .build()
            .start();
    base = server.baseUrl();
  }

  @AfterAll
  static void stop() {
    strict.close();
    server.close();
    engine.close();
  }

  private static String filters(int n) {
    return IntStream.range(0, n)
        .mapToObj(i -> "filter=" + enc("metadata.name=entity-" + i))
        .collect(Collectors.joining("&"));
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** The error of a 400 answer, in Backstage's shape. */
  private static String inputError(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    JsonNode body = Json.parse(r.body());
    assertThat(body.at("/error/name").stringValue()).isEqualTo("InputError");
    assertThat(body.at("/response/statusCode").asInt()).isEqualTo(400);
    return body.at("/error/message").stringValue();
  }

  @Test
  void aThousandFilterParametersAnswer400AtOnce() {
    long start = System.nanoTime();
    for (String route : List.of("/api/catalog/entities", "/api/catalog/entities/by-query",
        "/api/catalog/entity-facets?facet=kind")) {
      String sep = route.contains("?") ? "&" : "?";
      assertThat(inputError(get(base, route + sep + filters(1_000))))
          .isEqualTo("Invalid filter: too many filter parameters (1000), at most 100 are allowed");
    }
    // generous bound on a loaded machine; the same query took 48 s on H2 and 78 s on PostgreSQL
    assertThat((System.nanoTime() - start) / 1_000_000_000.0).isLessThan(10.0);
  }

  @Test
  void realisticQueriesStayWithinTheLimits() {
    // 100 filter sets, the limit, still answer
    assertThat(get(base, "/api/catalog/entities?" + filters(100)).statusCode()).isEqualTo(200);
    // what Backstage's catalog page sends
    String page = "/api/catalog/entities/by-query?limit=20&orderField=metadata.name%2Casc&filter="
        + enc("kind=component,spec.type=service,spec.lifecycle=production,metadata.tags=java")
        + "&fullTextFilterTerm=pet&fullTextFilterFields=metadata.name,spec.owner";
    assertThat(get(base, page).statusCode()).isEqualTo(200);
  }

  @Test
  void tooManyConditionsOrValuesInOneFilterSet() {
    String keys = IntStream.range(0, 201).mapToObj(i -> "metadata.annotations.k" + i + "=v")
        .collect(Collectors.joining(","));
    assertThat(inputError(get(base, "/api/catalog/entities?filter=" + enc(keys))))
        .isEqualTo("Invalid filter: too many conditions, at most 200 are allowed");
    String values = IntStream.range(0, 5_001).mapToObj(i -> "metadata.name=n" + i)
        .collect(Collectors.joining(","));
    assertThat(inputError(post(base, "/api/catalog/entities/by-refs?filter=" + enc(values),
        "{\"entityRefs\": []}")))
        .isEqualTo("Invalid filter: too many key=value parts (5001), at most 5000 are allowed");
  }

  @Test
  void jsonPredicatesAreCappedToo() {
    String any = IntStream.range(0, 1_000)
        .mapToObj(i -> "{\"metadata.name\": \"n" + i + "\"}")
        .collect(Collectors.joining(",", "{\"query\": {\"$any\": [", "]}}"));
    assertThat(inputError(post(base, "/api/catalog/entities/by-query", any)))
        .isEqualTo("Invalid query: too many conditions, at most 200 are allowed");
    assertThat(inputError(post(base, "/api/catalog/entity-facets",
        "{\"facets\": [\"kind\"], " + any.substring(1))))
        .isEqualTo("Invalid query: too many conditions, at most 200 are allowed");
    String deep = "{\"$not\": ".repeat(40) + "{\"kind\": \"component\"}" + "}".repeat(40);
    assertThat(inputError(post(base, "/api/catalog/entities/by-query", "{\"query\": " + deep + "}")))
        .isEqualTo("Invalid query: the filter is nested too deeply, at most 32 levels are allowed");
    String in = IntStream.range(0, 5_001).mapToObj(i -> "\"n" + i + "\"")
        .collect(Collectors.joining(",", "{\"query\": {\"metadata.name\": {\"$in\": [", "]}}}"));
    assertThat(inputError(post(base, "/api/catalog/entities/by-query", in)))
        .isEqualTo("Invalid query: too many values, at most 5000 are allowed");
  }

  @Test
  void fullTextFieldsOrderAndFacetsAreCapped() {
    assertThat(inputError(get(base,
        "/api/catalog/entities/by-query?fullTextFilterTerm=" + "x".repeat(1_001))))
        .isEqualTo("Invalid fullTextFilterTerm: the search term has 1001 characters, at most 1000 are allowed");
    assertThat(inputError(post(base, "/api/catalog/entities/by-query",
        "{\"fullTextFilter\": {\"term\": \"" + "x".repeat(1_001) + "\"}}")))
        .isEqualTo("Invalid fullTextFilter: the search term has 1001 characters, at most 1000 are allowed");
    String fields = IntStream.range(0, 101).mapToObj(i -> "metadata.f" + i)
        .collect(Collectors.joining(","));
    assertThat(inputError(get(base, "/api/catalog/entities?fields=" + fields)))
        .isEqualTo("Invalid fields: too many fields (101), at most 100 are allowed");
    String orders = IntStream.range(0, 11).mapToObj(i -> "order=asc:metadata.f" + i)
        .collect(Collectors.joining("&"));
    assertThat(inputError(get(base, "/api/catalog/entities?" + orders)))
        .isEqualTo("Invalid order: too many sort fields (11), at most 10 are allowed");
    String facets = IntStream.range(0, 101).mapToObj(i -> "facet=metadata.f" + i)
        .collect(Collectors.joining("&"));
    assertThat(inputError(get(base, "/api/catalog/entity-facets?" + facets)))
        .isEqualTo("Invalid facet: too many facets (101), at most 100 are allowed");
  }

  @Test
  void aForgedCursorCannotCarryAHugeFilter() {
    List<EntityPredicate> sets = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      sets.add(EntityPredicate.eq("metadata.name", "n" + i));
    }
    String cursor = new QueryCursor(EntityPredicate.any(sets), true, null, null, null,
        "component:default/a", false, null, null, 0).encode();
    assertThat(inputError(get(base, "/api/catalog/entities/by-query?cursor=" + enc(cursor))))
        .isEqualTo("Invalid cursor: too many conditions, at most 200 are allowed");
  }

  @Test
  void theLimitsAreTheHostsToSet() {
    URI s = strict.baseUrl();
    assertThat(get(s, "/api/catalog/entities?" + filters(2)).statusCode()).isEqualTo(200);
    assertThat(inputError(get(s, "/api/catalog/entities?" + filters(3))))
        .isEqualTo("Invalid filter: too many filter parameters (3), at most 2 are allowed");
    assertThat(inputError(get(s, "/api/catalog/entities?filter="
        + enc("kind=component,spec.type=service,spec.owner=team-a,metadata.name=petstore"))))
        .isEqualTo("Invalid filter: too many conditions, at most 3 are allowed");
  }
}
