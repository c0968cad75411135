package dev.greenroom.http.scorecard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.catalog.processing.location.CatalogRules;
import dev.greenroom.catalog.query.EntityPredicate;
import dev.greenroom.http.BackendServer;
import dev.greenroom.http.TestCatalog;
import dev.greenroom.http.auth.Permission;
import dev.greenroom.http.auth.PermissionDecision;
import dev.greenroom.http.auth.PermissionPolicy;
import dev.greenroom.scorecard.Scorecards;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The two scorecard plugins on a real {@link BackendServer} on a free port, over a catalog engine
 * reading a small file catalog, wired as a host would: one {@link Scorecards} runtime over the
 * engine's catalog, both plugins mounted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScorecardRoutesTest {
  static final String CATALOG =
      """
      apiVersion: backstage.io/v1alpha1
      kind: Group
      metadata: { name: platform }
      spec: { type: department, children: [team-a] }
      ---
      apiVersion: backstage.io/v1alpha1
      kind: Group
      metadata: { name: team-a }
      spec: { type: team, parent: platform, children: [] }
      ---
      apiVersion: backstage.io/v1alpha1
      kind: Component
      metadata:
        name: petstore
        annotations: { pagerduty.com/integration-key: k1 }
      spec: { type: service, lifecycle: production, owner: team-a }
      ---
      apiVersion: backstage.io/v1alpha1
      kind: Component
      metadata: { name: billing }
      spec: { type: service, lifecycle: production, owner: team-a }
      """;

  @TempDir static Path dir;
  CatalogEngine engine;
  Scorecards scorecards;
  BackendServer server;
  URI base;

  @BeforeAll
  void start() throws IOException {
    Path file = dir.resolve("catalog-info.yaml");
    Files.writeString(file, CATALOG);
    engine =
        CatalogEngine.builder()
            .rules(CatalogRules.allowAll())
            .processingDisabled()
            .allowedLocationTypes(List.of("file"))
            .location("file", file.toString())
            .build();
    engine.start();
    assertThat(engine.awaitIdle(Duration.ofMinutes(1))).isTrue();
    scorecards =
        Scorecards.builder()
            .catalog(engine.catalog())
            .builtinRetrievers()
            .defaultScorecard()
            .definitions(
                "exemptions.yaml",
                "exemptions:\n  - { scorecard: production-readiness, rule: endpoint-slos, entity: component:default/billing,"
                    + " reason: batch service without endpoints, expires: \"2099-01-01T00:00:00Z\" }\n")
            .build();
    scorecards.runAllRetrievers();
    server =
        BackendServer.builder()
            .port(0)
            .host("127.0.0.1")
            .catalog(engine)
            .plugin(new TechInsightsApiPlugin(scorecards))
            .plugin(new ScorecardsApiPlugin(scorecards))
            .build()
            .start();
    base = server.baseUrl();
  }

  @AfterAll
  void stop() {
    server.close();
    engine.close();
  }

  HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(base.resolve(path)).GET());
  }

  HttpResponse<String> post(String path, String json) {
    return send(
        HttpRequest.newBuilder(base.resolve(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  static HttpResponse<String> send(HttpRequest.Builder b) {
    return TestCatalog.send(b);
  }


  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static JsonNode rule(JsonNode results, String card, String rule) {
    for (JsonNode r : results) {
      if (r.get("scorecard").asString().equals(card)) {
        for (JsonNode x : r.get("rules")) {
          if (x.get("id").asString().equals(rule)) {
            return x;
          }
        }
      }
    }
    throw new AssertionError("no rule " + card + "/" + rule + " in " + results);
  }

  @Test
  void pushingAFactOverHttpChangesTheResult() {
    String billing = "/api/scorecards/results/default/component/billing";
    HttpResponse<String> before = get(billing);
    assertThat(before.statusCode()).isEqualTo(200);
    assertThat(rule(Json.parse(before.body()), "production-readiness", "test-coverage").get("reason").asString())
        .isEqualTo("fact testCoverage missing");

    HttpResponse<String> pushed =
        post(
            "/api/scorecards/facts",
            "{\"id\":\"ciQuality\",\"entity\":\"component:default/billing\",\"facts\":{\"testCoverage\":88.5,\"readmeHasRunbook\":true}}");
    assertThat(pushed.statusCode()).isEqualTo(201);
    assertThat(Json.parse(pushed.body()).at("/facts/testCoverage").asDouble()).isEqualTo(88.5);

    JsonNode after = Json.parse(get(billing).body());
    assertThat(rule(after, "production-readiness", "test-coverage").get("status").asString()).isEqualTo("pass");
    assertThat(rule(after, "production-readiness", "test-coverage").get("reason").asString())
        .isEqualTo("testCoverage is 88.5 (greaterThanInclusive 80)");
  }

  @Test
  void badPushesAnswerBackstageErrorBodies() {
    HttpResponse<String> wrongType =
        post("/api/scorecards/facts", "{\"id\":\"ciQuality\",\"entity\":\"component:default/billing\",\"facts\":{\"testCoverage\":\"high\"}}");
    assertThat(wrongType.statusCode()).isEqualTo(400);
    JsonNode err = Json.parse(wrongType.body());
    assertThat(err.at("/error/name").asString()).isEqualTo("InputError");
    assertThat(err.at("/error/message").asString())
        .isEqualTo("fact ciQuality.testCoverage for component:default/billing: expected a number but found string 'high'");

    HttpResponse<String> unknown =
        post("/api/scorecards/facts", "{\"id\":\"nope\",\"entity\":\"component:default/billing\",\"facts\":{}}");
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(Json.parse(unknown.body()).at("/error/message").asString()).startsWith("unknown fact schema 'nope'");

    HttpResponse<String> badRef = post("/api/scorecards/facts", "{\"id\":\"ciQuality\",\"entity\":\"billing\",\"facts\":{}}");
    assertThat(badRef.statusCode()).isEqualTo(400);

    HttpResponse<String> missing = get("/api/scorecards/results/default/component/nope");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(Json.parse(missing.body()).at("/error/name").asString()).isEqualTo("NotFoundError");
  }

  @Test
  void techInsightsChecksAndFactSchemas() {
    JsonNode checks = Json.parse(get("/api/tech-insights/checks").body());
    assertThat(checks.findValuesAsString("id")).contains("hasOnCall", "testCoverage80", "deployedWithin30Days");
    JsonNode cov = null;
    for (JsonNode c : checks) {
      if (c.get("id").asString().equals("testCoverage80")) {
        cov = c;
      }
    }
    assertThat(cov.get("type").asString()).isEqualTo("json-rules-engine");
    assertThat(cov.at("/factIds/0").asString()).isEqualTo("ciQuality");
    assertThat(cov.at("/rule/conditions/all/0/operator").asString()).isEqualTo("greaterThanInclusive");

    JsonNode schemas = Json.parse(get("/api/tech-insights/fact-schemas?ids%5B%5D=ciQuality").body());
    assertThat(schemas).hasSize(1);
    assertThat(schemas.at("/0/id").asString()).isEqualTo("ciQuality");
    assertThat(schemas.at("/0/testCoverage/type").asString()).isEqualTo("float");
  }

  @Test
  void techInsightsRunChecksForOneEntityAndInBulk() {
    post(
        "/api/scorecards/facts",
        "{\"id\":\"imageScan\",\"entity\":{\"kind\":\"component\",\"name\":\"petstore\"},\"facts\":{\"image\":\"x:1\",\"criticalCves\":3}}");
    HttpResponse<String> r =
        post("/api/tech-insights/checks/run/default/component/petstore", "{\"checks\":[\"hasOnCall\",\"noCriticalCves\",\"testCoverage80\"]}");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode results = Json.parse(r.body());
    // testCoverage80 has no facts for petstore: left out, as Tech Insights does
    assertThat(results).hasSize(2);
    assertThat(results.at("/0/check/id").asString()).isEqualTo("hasOnCall");
    assertThat(results.at("/0/result").asBoolean()).isTrue();
    assertThat(results.at("/0/facts/hasOnCall/type").asString()).isEqualTo("boolean");
    assertThat(results.at("/1/result").asBoolean()).isFalse();
    assertThat(results.at("/1/facts/criticalCves/value").asInt()).isEqualTo(3);

    JsonNode bulk =
        Json.parse(
            post("/api/tech-insights/checks/run", "{\"checks\":[\"hasOnCall\"],\"entities\":[\"component:default/petstore\",\"component:default/billing\"]}")
                .body());
    assertThat(bulk).hasSize(2);
    assertThat(bulk.at("/0/entity").asString()).isEqualTo("component:default/petstore");
    assertThat(bulk.at("/0/results/0/result").asBoolean()).isTrue();
    assertThat(bulk.at("/1/results/0/result").asBoolean()).isFalse();

    assertThat(post("/api/tech-insights/checks/run", "{\"checks\":[\"nope\"]}").statusCode()).isEqualTo(400);
  }

  @Test
  void techInsightsLatestAndRangeFacts() {
    post(
        "/api/scorecards/facts",
        "{\"id\":\"deployments\",\"entity\":\"component:default/petstore\",\"timestamp\":\"2026-01-05T00:00:00Z\",\"facts\":{\"lastDeployedAt\":\"2026-01-05T00:00:00Z\"}}");
    post(
        "/api/scorecards/facts",
        "{\"id\":\"deployments\",\"entity\":\"component:default/petstore\",\"timestamp\":\"2026-01-09T00:00:00Z\",\"facts\":{\"lastDeployedAt\":\"2026-01-09T00:00:00Z\"}}");
    String e = enc("component:default/petstore");
    JsonNode latest = Json.parse(get("/api/tech-insights/facts/latest?entity=" + e + "&ids%5B%5D=deployments&ids%5B%5D=entityOwnershipFactRetriever").body());
    assertThat(latest.at("/deployments/facts/lastDeployedAt").asString()).isEqualTo("2026-01-09T00:00:00Z");
    assertThat(latest.at("/deployments/entity").asString()).isEqualTo("component:default/petstore");
    assertThat(latest.at("/entityOwnershipFactRetriever/facts/hasOwner").asBoolean()).isTrue();

    assertThat(get("/api/tech-insights/facts/latest?entity=" + e).statusCode()).isEqualTo(422);

    JsonNode range =
        Json.parse(
            get("/api/tech-insights/facts/range?entity=" + e + "&ids%5B%5D=deployments&startDatetime=2026-01-01T00:00:00Z&endDatetime=2026-01-06T00:00:00Z")
                .body());
    assertThat(range.get("deployments")).hasSize(1);
    assertThat(range.at("/deployments/0/timestamp").asString()).isEqualTo("2026-01-05T00:00:00Z");
    assertThat(get("/api/tech-insights/facts/range?entity=" + e + "&ids%5B%5D=deployments&startDatetime=yesterday&endDatetime=2026-01-06T00:00:00Z").statusCode())
        .isEqualTo(422);
    assertThat(get("/api/tech-insights/facts/latest?entity=" + e + "&ids=x&bogus=1").statusCode()).isEqualTo(400);
  }

  @Test
  void reportsInJsonAndCsv() {
    JsonNode owner = Json.parse(get("/api/scorecards/reports/owner/default/group/platform").body());
    assertThat(owner.get("owner").asString()).isEqualTo("group:default/platform");
    assertThat(owner.get("entities").findValuesAsString("entity")).contains("component:default/petstore", "component:default/billing");

    HttpResponse<String> fleet = get("/api/scorecards/reports/fleet?format=csv");
    assertThat(fleet.statusCode()).isEqualTo(200);
    assertThat(fleet.headers().firstValue("content-type")).hasValue("text/csv; charset=utf-8");
    assertThat(fleet.body()).startsWith("scorecard,level,entities,averagePercent").contains("production-readiness,none,");

    HttpResponse<String> entity = get("/api/scorecards/reports/entity/default/component/petstore?format=csv");
    assertThat(entity.body().split("\r\n")[0]).startsWith("evaluatedAt,scorecard,entity,owner,level");

    JsonNode evaluated = Json.parse(post("/api/scorecards/evaluate", "{}").body());
    assertThat(evaluated.at("/scorecards/0/entities").asInt()).isEqualTo(2);
    JsonNode trend = Json.parse(get("/api/scorecards/reports/trend?scorecard=production-readiness").body());
    assertThat(trend.get("weeks")).hasSize(1);
    assertThat(trend.at("/weeks/0/entities").asInt()).isEqualTo(2);

    assertThat(get("/api/scorecards/reports/fleet?format=xml").statusCode()).isEqualTo(400);
    assertThat(get("/api/scorecards/reports/trend?scorecard=nope").statusCode()).isEqualTo(404);
    JsonNode ex = Json.parse(get("/api/scorecards/exemptions").body());
    assertThat(ex).hasSize(1);
    assertThat(ex.at("/0/rule").asString()).isEqualTo("endpoint-slos");
    assertThat(ex.at("/0/active").asBoolean()).isTrue();
    assertThat(rule(Json.parse(get("/api/scorecards/results/default/component/billing").body()), "production-readiness", "endpoint-slos")
            .get("status").asString())
        .isEqualTo("exempt");
    JsonNode defs = Json.parse(get("/api/scorecards/scorecards").body());
    assertThat(defs.findValuesAsString("id")).contains("production-readiness", "catalog-hygiene");
  }

  @Test
  void pushingFactsAndEvaluatingNeedThePluginsOwnPermissions() {
    PermissionPolicy readOnly =
        (principal, permission) ->
            permission.equals(ScorecardsApiPlugin.FACTS_PUSH)
                    || permission.equals(ScorecardsApiPlugin.EVALUATE)
                ? PermissionDecision.deny()
                : PermissionDecision.allow();
    try (BackendServer limited =
        BackendServer.builder()
            .port(0)
            .host("127.0.0.1")
            .permissionPolicy(readOnly)
            .plugin(new ScorecardsApiPlugin(scorecards))
            .build()
            .start()) {
      URI b = limited.baseUrl();
      HttpResponse<String> push =
          send(
              HttpRequest.newBuilder(b.resolve("/api/scorecards/facts"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(
                      "{\"id\":\"ciQuality\",\"entity\":\"component:default/billing\","
                          + "\"facts\":{\"testCoverage\":99}}")));
      assertThat(push.statusCode()).isEqualTo(403);
      assertThat(push.body()).contains("NotAllowedError").contains("scorecards.facts.push");
      HttpResponse<String> evaluate =
          send(
              HttpRequest.newBuilder(b.resolve("/api/scorecards/evaluate"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString("{}")));
      assertThat(evaluate.statusCode()).isEqualTo(403);
      assertThat(send(HttpRequest.newBuilder(b.resolve("/api/scorecards/scorecards")).GET())
              .statusCode())
          .isEqualTo(200);
    }
  }

  @Test
  void answersHoldOnlyEntitiesTheCallerMayRead() {
    PermissionPolicy onlyPetstore =
        (principal, permission) ->
            Permission.ENTITY_READ.equals(permission)
                ? PermissionDecision.conditional(EntityPredicate.eq("metadata.name", "petstore"))
                : PermissionDecision.allow();
    try (BackendServer limited =
        BackendServer.builder()
            .port(0)
            .host("127.0.0.1")
            .permissionPolicy(onlyPetstore)
            .plugin(new TechInsightsApiPlugin(scorecards))
            .plugin(new ScorecardsApiPlugin(scorecards))
            .build()
            .start()) {
      URI b = limited.baseUrl();
      assertThat(send(HttpRequest.newBuilder(b.resolve("/api/scorecards/results/default/component/petstore")).GET()).statusCode())
          .isEqualTo(200);
      HttpResponse<String> hidden = send(HttpRequest.newBuilder(b.resolve("/api/scorecards/results/default/component/billing")).GET());
      assertThat(hidden.statusCode()).isEqualTo(404);
      assertThat(hidden.body()).contains("No entity named 'component:default/billing' found");
      JsonNode fleet = Json.parse(send(HttpRequest.newBuilder(b.resolve("/api/scorecards/reports/fleet")).GET()).body());
      assertThat(fleet.at("/scorecards/0/scorecard").asString()).isEqualTo("production-readiness");
      assertThat(fleet.at("/scorecards/0/entities").asInt()).isEqualTo(1);
      String export = send(HttpRequest.newBuilder(b.resolve("/api/scorecards/export?format=csv")).GET()).body();
      assertThat(export).contains("component:default/petstore").doesNotContain("component:default/billing");
      assertThat(
              send(HttpRequest.newBuilder(b.resolve("/api/tech-insights/facts/latest?entity=" + enc("component:default/billing") + "&ids=ciQuality")).GET())
                  .statusCode())
          .isEqualTo(404);
      JsonNode bulk =
          Json.parse(
              send(
                      HttpRequest.newBuilder(b.resolve("/api/tech-insights/checks/run"))
                          .header("Content-Type", "application/json")
                          .POST(HttpRequest.BodyPublishers.ofString(
                              "{\"entities\":[\"component:default/petstore\",\"component:default/billing\"]}")))
                  .body());
      assertThat(bulk.findValuesAsString("entity")).containsExactly("component:default/petstore");
    }
  }
}
