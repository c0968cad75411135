package dev.greenroom.http;

import static dev.greenroom.http.TestCatalog.get;
import static dev.greenroom.http.TestCatalog.post;
import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.catalog.store.QueryTimeoutException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Bad input answers 400 (or the status Backstage uses) with a clear message, never 500. */
class ErrorHandlingTest {
  @TempDir static Path dir;
  static CatalogEngine engine;
  static BackendServer server;
  static URI base;
  static final io.micrometer.core.instrument.simple.SimpleMeterRegistry METERS =
      new io.micrometer.core.instrument.simple.SimpleMeterRegistry();

  @BeforeAll
  static void start() {
    engine = TestCatalog.engine(dir, 0);
    ApiPlugin broken =
        new ApiPlugin() {
          @Override
          public String id() {
            return "broken";
          }

          @Override
          public void routes(Router r) {
            r.get("/boom", Set.of(), call -> {
              throw new IllegalStateException("secret internal detail");
            });
            r.get("/slow", Set.of(), call -> {
              throw new QueryTimeoutException("catalog store read cancelled: SELECT secret",
                  Duration.ofSeconds(30), new java.sql.SQLTimeoutException("57014"));
            });
          }
        };
    server = BackendServer.builder().port(0).catalog(engine).plugin(broken).maxBodyBytes(4096)
        .meterRegistry(METERS).build().start();
    base = server.baseUrl();
  }

  @AfterAll
  static void stop() {
    server.close();
    engine.close();
  }

  static JsonNode error(HttpResponse<String> r, int status, String name) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("content-type")).hasValue("application/json; charset=utf-8");
    JsonNode n = Json.parse(r.body());
    assertThat(n.propertyNames()).containsExactly("error", "request", "response");
    assertThat(n.at("/error/name").stringValue()).isEqualTo(name);
    assertThat(n.at("/response/statusCode").asInt()).isEqualTo(status);
    assertThat(n.at("/error/stack").isMissingNode()).isTrue();
    return n;
  }

  static String message(HttpResponse<String> r) {
    return error(r, 400, "InputError").at("/error/message").stringValue();
  }

  @Test
  void aQueryCancelledByTheStatementTimeoutAnswers503() {
    JsonNode n = error(get(base, "/api/broken/slow"), 503, "ServiceUnavailableError");
    assertThat(n.at("/error/message").stringValue())
        .isEqualTo("The query ran longer than the database's statement timeout and was cancelled;"
            + " narrow the filter or try again later")
        .doesNotContain("SELECT");
  }

  @Test
  void errorBodyNamesTheRequest() {
    JsonNode n = error(get(base, "/api/catalog/entities?bogus=1"), 400, "InputError");
    assertThat(n.at("/error/message").stringValue()).isEqualTo("Unknown query parameter 'bogus'");
    assertThat(n.at("/request/method").stringValue()).isEqualTo("GET");
    assertThat(n.at("/request/url").stringValue()).isEqualTo("/api/catalog/entities?bogus=1");
  }

  @Test
  void unknownQueryParametersOnOtherRoutes() {
    assertThat(message(post(base, "/api/catalog/entities/by-refs?fields=kind", "{\"entityRefs\": []}")))
        .isEqualTo("Unknown query parameter 'fields'");
    message(get(base, "/api/catalog/entities/by-name/component/default/petstore?x=y"));
  }

  @Test
  void malformedOrder() {
    assertThat(message(get(base, "/api/catalog/entities?order=up%3Aname")))
        .isEqualTo("Invalid order parameter \"up:name\", expected \"<asc or desc>:<field name>\"");
  }

  @Test
  void badLimitsAndOffsets() {
    assertThat(message(get(base, "/api/catalog/entities?limit=0")))
        .isEqualTo("Invalid limit, must be greater than zero");
    assertThat(message(get(base, "/api/catalog/entities?limit=abc")))
        .isEqualTo("Invalid limit, must be greater than zero");
    assertThat(message(get(base, "/api/catalog/entities?offset=-1")))
        .isEqualTo("Invalid offset, must be zero or greater");
    assertThat(message(get(base, "/api/catalog/entities?limit=99999999999999999999")))
        .isEqualTo("Invalid limit, must be greater than zero");
    assertThat(message(get(base, "/api/catalog/entities/by-query?limit=100000000")))
        .isEqualTo("Invalid limit, must be at most 100000");
    assertThat(message(post(base, "/api/catalog/entities/by-query", "{\"limit\": -1}")))
        .startsWith("Malformed request: limit");
  }

  @Test
  void tamperedAfterCursor() {
    assertThat(message(get(base, "/api/catalog/entities?after=not-base64!")))
        .isEqualTo("Malformed after cursor, could not be parsed");
    String negative = Base64.getEncoder().encodeToString(
        "{\"limit\":-5,\"offset\":0}".getBytes(StandardCharsets.UTF_8));
    assertThat(message(get(base, "/api/catalog/entities?after=" + negative)))
        .isEqualTo("Malformed after cursor, could not be parsed");
  }

  @Test
  void tamperedQueryCursors() {
    assertThat(message(get(base, "/api/catalog/entities/by-query?cursor=garbage")))
        .startsWith("Malformed cursor");
    String notACursor = Base64.getEncoder().encodeToString("{\"x\":1}".getBytes(StandardCharsets.UTF_8));
    assertThat(message(get(base, "/api/catalog/entities/by-query?cursor=" + notACursor)))
        .startsWith("Malformed cursor");
    assertThat(message(post(base, "/api/catalog/entities/by-query", "{\"cursor\": \"\"}")))
        .isEqualTo("Cursor cannot be empty");
  }

  @Test
  void byQueryParameterChecks() {
    assertThat(message(get(base, "/api/catalog/entities/by-query?orderField=metadata.name%2Csideways")))
        .isEqualTo("Invalid order field order, must be asc or desc");
    assertThat(message(get(base, "/api/catalog/entities/by-query?totalItems=maybe")))
        .isEqualTo("Invalid totalItems, must be include or exclude");
  }

  @Test
  void malformedFiltersFieldsAndPredicates() {
    assertThat(message(get(base, "/api/catalog/entities?filter=%3Dx")))
        .isEqualTo("Invalid filter, '=x' is not a valid statement (expected a string on the form a=b or a= or a)");
    assertThat(message(get(base, "/api/catalog/entities?fields=spec.items%5B0%5D")))
        .isEqualTo("Invalid field \"spec.items[0]\", array type fields are not supported");
    assertThat(message(post(base, "/api/catalog/entities/by-query", "{\"query\": 42}")))
        .startsWith("Invalid query");
    assertThat(message(post(base, "/api/catalog/entities/by-query",
        "{\"query\": {\"$all\": {\"kind\": \"x\"}}}"))).startsWith("Invalid query");
  }

  @Test
  void nonJsonBodies() {
    assertThat(message(post(base, "/api/catalog/entities/by-refs", "{nope"))).startsWith("Malformed JSON body");
    assertThat(message(post(base, "/api/catalog/entities/by-refs", "{\"entityRefs\": \"x\"}")))
        .startsWith("Malformed request body (did you remember to specify an application/json content type?), ");
    HttpResponse<String> textPlain = TestCatalog.send(HttpRequest.newBuilder(
            base.resolve("/api/catalog/entities/by-refs"))
        .header("Content-Type", "text/plain")
        .POST(HttpRequest.BodyPublishers.ofString("{\"entityRefs\": []}")));
    assertThat(message(textPlain)).startsWith("Malformed request body");
  }

  @Test
  void locationBodyChecksAsBackstage() {
    HttpResponse<String> missing = TestCatalog.send(HttpRequest.newBuilder(base.resolve("/api/catalog/locations"))
        .POST(HttpRequest.BodyPublishers.ofString("{}")));
    assertThat(message(missing)).isEqualTo("Content-Type missing");
    HttpResponse<String> illegal = TestCatalog.send(HttpRequest.newBuilder(base.resolve("/api/catalog/locations"))
        .header("Content-Type", "text/json")
        .POST(HttpRequest.BodyPublishers.ofString("{}")));
    assertThat(message(illegal)).isEqualTo("Illegal Content-Type");
    assertThat(message(post(base, "/api/catalog/locations", "[1]"))).isEqualTo("Expected body to be a JSON object");
    assertThat(message(post(base, "/api/catalog/locations", "{}"))).isEqualTo("Empty request body");
    assertThat(message(post(base, "/api/catalog/locations", "{\"type\": \"url\", \"target\": \"https://x\", \"z\": 1}")))
        .startsWith("Malformed request: ");
    assertThat(message(post(base, "/api/catalog/locations", "{\"type\": 1, \"target\": \"https://x\"}")))
        .startsWith("Malformed request: ");
  }

  @Test
  void bodiesOverTheLimitAnswer413() {
    String big = "{\"entityRefs\": [\"" + "a".repeat(5000) + "\"]}";
    JsonNode n = error(post(base, "/api/catalog/entities/by-refs", big), 413, "PayloadTooLargeError");
    assertThat(n.at("/error/message").stringValue()).isEqualTo("Request body is larger than the limit of 4096 bytes");
  }

  @Test
  void encodedSlashesAndTraversalInNames() {
    assertThat(message(get(base, "/api/catalog/entities/by-name/component/default/a%2Fb")))
        .isEqualTo("Invalid entity ref path segment 'a/b'");
    assertThat(message(get(base, "/api/catalog/entities/by-name/component/default/%2E%2E")))
        .isEqualTo("Invalid entity ref path segment '..'");
  }

  @Test
  void pathParametersAreDecodedAfterRouting() {
    JsonNode n = error(get(base, "/api/catalog/entities/by-name/component/default/a%20b"), 404, "NotFoundError");
    assertThat(n.at("/error/message").stringValue())
        .isEqualTo("No entity named 'a b' found, with kind 'component' in namespace 'default'");
  }

  @Test
  void refsThatDoNotParse() {
    message(post(base, "/api/catalog/refresh", "{\"entityRef\": \"component:\"}"));
    assertThat(message(post(base, "/api/catalog/refresh", "{}"))).startsWith("Malformed request");
  }

  @Test
  void missingFacets() {
    assertThat(message(get(base, "/api/catalog/entity-facets"))).isEqualTo("Missing facet parameter");
    assertThat(message(post(base, "/api/catalog/entity-facets", "{\"facets\": []}")))
        .isEqualTo("Missing or empty facets parameter");
  }

  @Test
  void unknownRoutesAnswer404() {
    error(get(base, "/api/catalog/nothing-here"), 404, "NotFoundError");
    error(get(base, "/api/unknown-plugin/x"), 404, "NotFoundError");
    error(TestCatalog.delete(base, "/api/catalog/entities"), 404, "NotFoundError");
  }

  @Test
  void oddInputNeverAnswers500() {
    String[] gets = {
      "/api/catalog/entities?filter=", "/api/catalog/entities?filter=%2C%2C", "/api/catalog/entities?order=asc%3A",
      "/api/catalog/entities?fields=", "/api/catalog/entities?fields=%2C", "/api/catalog/entities?limit=",
      "/api/catalog/entities?after=", "/api/catalog/entities?offset=1e3", "/api/catalog/entities?limit=%00",
      "/api/catalog/entities/by-query?orderField=", "/api/catalog/entities/by-query?orderField=%2Casc",
      "/api/catalog/entities/by-query?cursor=", "/api/catalog/entities/by-query?fullTextFilterTerm=%25_",
      "/api/catalog/entities/by-query?fullTextFilterFields=%2C%2C&fullTextFilterTerm=x",
      "/api/catalog/entities/by-query?cursor=e30%3D", "/api/catalog/entities/by-query?cursor=bnVsbA%3D%3D",
      "/api/catalog/entities/by-name/%E0%A4/default/x", "/api/catalog/entities/by-name/a%3Ab/default/x",
      "/api/catalog/entities/by-uid/%00", "/api/catalog/locations/%2E%2E", "/api/catalog/entity-facets?facet=",
      "/api/catalog/entities/?filter=kind%3Dapi", "/api/catalog/", "/api/", "/",
    };
    for (String g : gets) {
      HttpResponse<String> r = get(base, g);
      assertThat(r.statusCode()).as(g + " -> " + r.body()).isLessThan(500);
    }
    String[] bodies = {
      "", "null", "[]", "\"x\"", "{\"entityRefs\": null}", "{\"entityRefs\": [null]}",
      "{\"entityRefs\": [\"\"], \"fields\": [1]}", "{\"entityRefs\": [], \"query\": []}",
      "{\"query\": {\"$not\": 1}}", "{\"orderBy\": 5}", "{\"orderBy\": [{\"field\": 1}]}",
      "{\"fullTextFilter\": []}", "{\"limit\": 1.5}", "{\"limit\": 1e400}", "{\"cursor\": 5}",
      "{\"facets\": \"kind\"}", "{\"facets\": [\"\"]}", "{\"entityRef\": 7}", "{\"totalItems\": 3}",
      "{".repeat(300) + "}".repeat(300),
    };
    for (String path : new String[] {"/api/catalog/entities/by-query", "/api/catalog/entities/by-refs",
        "/api/catalog/entity-facets", "/api/catalog/refresh", "/api/catalog/locations",
        "/api/catalog/locations/by-query", "/api/catalog/validate-entity", "/api/catalog/analyze-location"}) {
      for (String b : bodies) {
        HttpResponse<String> r = post(base, path, b);
        assertThat(r.statusCode()).as(path + " " + b + " -> " + r.body()).isLessThan(500);
      }
    }
  }

  @Test
  void unexpectedFailuresAnswerAGeneric500() {
    JsonNode n = error(get(base, "/api/broken/boom"), 500, "Error");
    assertThat(n.at("/error/message").stringValue()).isEqualTo("Internal server error");
    assertThat(n.toString()).doesNotContain("secret").doesNotContain("IllegalStateException");
    // the timer is recorded after the response is sent: wait for it
    long deadline = System.nanoTime() + 2_000_000_000L;
    while (METERS.find(HttpApi.REQUESTS_METER).tag("route", "/api/broken/boom").timer() == null
        && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    io.micrometer.core.instrument.Timer t = METERS.get(HttpApi.REQUESTS_METER)
        .tag("route", "/api/broken/boom").timer();
    assertThat(t.getId().getTag("status")).isEqualTo("500");
    assertThat(t.getId().getTag("outcome")).isEqualTo("SERVER_ERROR");
    assertThat(t.count()).isEqualTo(1);
  }
}
