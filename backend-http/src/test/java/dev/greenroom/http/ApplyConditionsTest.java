package dev.greenroom.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.catalog.processing.location.CatalogRules;
import dev.greenroom.http.auth.ApiPrincipal;
import dev.greenroom.http.auth.RulePermissionPolicy;
import dev.greenroom.http.auth.RulePermissionPolicy.Rule;
import dev.greenroom.http.auth.UserPrincipal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Principal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Issue 13, permissions: the catalog's {@code apply-conditions} route answers whether Backstage's
 * conditions (its six catalog rules, {@code allOf}/{@code anyOf}/{@code not}) allow an entity, for
 * service callers only; the rules are published in the plugin's permission metadata.
 */
class ApplyConditionsTest {
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
          name: petstore
          annotations: {github.com/project-slug: acme/petstore}
          labels: {tier: Gold}
        spec: {type: service, lifecycle: production, owner: team-a}
        ---
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata:
          name: billing
        spec: {type: website, lifecycle: experimental, owner: team-b}
        ---
        apiVersion: backstage.io/v1alpha1
        kind: Group
        metadata:
          name: team-a
        spec: {type: team, children: []}
        """);
    engine = CatalogEngine.builder().rules(CatalogRules.allowAll()).processingDisabled()
        .allowedLocationTypes(List.of("file")).location("file", f.toString()).build();
    engine.start();
    assertThat(engine.awaitIdle(Duration.ofMinutes(2))).isTrue();
    server = BackendServer.builder().port(0).catalog(engine)
        // x-test-caller: a service (the default) or the user jane of team-a
        .authenticator(h -> Optional.<Principal>of(
            h.firstValue("x-test-caller").orElse("service").equals("jane")
                ? new UserPrincipal("user:default/jane",
                    List.of("user:default/jane", "group:default/team-a"))
                : new ApiPrincipal("plugin:permission")))
        .permissionPolicy(RulePermissionPolicy.builder()
            .rule(Rule.allow("catalog.entity.delete").ifOwner()).build())
        .build().start();
    base = server.baseUrl();
  }

  @AfterAll
  static void stop() {
    server.close();
    engine.close();
  }

  static HttpResponse<String> apply(String caller, String body) {
    return TestCatalog.send(HttpRequest.newBuilder(base.resolve(
            "/api/catalog/.well-known/backstage/permissions/apply-conditions"))
        .header("Content-Type", "application/json").header("x-test-caller", caller)
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  /** The result of one item applying {@code conditions} to {@code ref}. */
  static String result(String ref, String conditions) {
    HttpResponse<String> r = apply("service", "{\"items\":[{\"id\":\"1\",\"resourceRef\":\""
        + ref + "\",\"resourceType\":\"catalog-entity\",\"conditions\":" + conditions + "}]}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode item = Json.parse(r.body()).get("items").get(0);
    assertThat(item.get("id").asString()).isEqualTo("1");
    return item.get("result").asString();
  }

  static String rule(String name, String params) {
    return "{\"rule\":\"" + name + "\",\"resourceType\":\"catalog-entity\",\"params\":" + params
        + "}";
  }

  static final String PETSTORE = "component:default/petstore";
  static final String BILLING = "component:default/billing";

  @Test
  void eachCatalogRuleDecidesAsBackstagesDoes() {
    String ownedByA = rule("IS_ENTITY_OWNER", "{\"claims\":[\"group:default/team-a\"]}");
    assertThat(result(PETSTORE, ownedByA)).isEqualTo("ALLOW");
    assertThat(result(BILLING, ownedByA)).isEqualTo("DENY");

    String components = rule("IS_ENTITY_KIND", "{\"kinds\":[\"API\",\"component\"]}");
    assertThat(result(PETSTORE, components)).isEqualTo("ALLOW");
    assertThat(result("group:default/team-a", components)).isEqualTo("DENY");

    assertThat(result(PETSTORE, rule("HAS_ANNOTATION",
        "{\"annotation\":\"github.com/project-slug\"}"))).isEqualTo("ALLOW");
    assertThat(result(PETSTORE, rule("HAS_ANNOTATION",
        "{\"annotation\":\"github.com/project-slug\",\"value\":\"acme/other\"}")))
        .isEqualTo("DENY");
    assertThat(result(BILLING, rule("HAS_ANNOTATION",
        "{\"annotation\":\"github.com/project-slug\"}"))).isEqualTo("DENY");
    // labels: exact key first, then any case, as Backstage
    assertThat(result(PETSTORE, rule("HAS_LABEL", "{\"label\":\"TIER\",\"value\":\"gold\"}")))
        .isEqualTo("ALLOW");
    assertThat(result(BILLING, rule("HAS_LABEL", "{\"label\":\"tier\"}"))).isEqualTo("DENY");

    assertThat(result(PETSTORE, rule("HAS_SPEC", "{\"key\":\"lifecycle\",\"value\":\"Production\"}")))
        .isEqualTo("ALLOW");
    assertThat(result(BILLING, rule("HAS_SPEC", "{\"key\":\"lifecycle\",\"value\":\"production\"}")))
        .isEqualTo("DENY");
    assertThat(result(BILLING, rule("HAS_METADATA", "{\"key\":\"name\",\"value\":\"billing\"}")))
        .isEqualTo("ALLOW");
  }

  @Test
  void criteriaCombineWithAllOfAnyOfAndNot() {
    String owned = rule("IS_ENTITY_OWNER", "{\"claims\":[\"group:default/team-a\"]}");
    String website = rule("HAS_SPEC", "{\"key\":\"type\",\"value\":\"website\"}");
    assertThat(result(PETSTORE, "{\"allOf\":[" + owned + "," + website + "]}")).isEqualTo("DENY");
    assertThat(result(PETSTORE, "{\"anyOf\":[" + owned + "," + website + "]}")).isEqualTo("ALLOW");
    assertThat(result(BILLING, "{\"anyOf\":[" + owned + "," + website + "]}")).isEqualTo("ALLOW");
    assertThat(result(BILLING, "{\"not\":" + website + "}")).isEqualTo("DENY");
    assertThat(result(PETSTORE, "{\"not\":{\"allOf\":[" + owned + ",{\"not\":" + website
        + "}]}}")).isEqualTo("DENY");
    // a missing entity is a denial, whatever the conditions
    assertThat(result("component:default/nobody", "{\"not\":" + website + "}")).isEqualTo("DENY");
    assertThat(result("not a ref", "{\"not\":" + website + "}")).isEqualTo("DENY");
  }

  @Test
  void severalRefsGetOneResultEach() {
    HttpResponse<String> r = apply("service", "{\"items\":[{\"id\":\"a\",\"resourceRef\":[\""
        + PETSTORE + "\",\"" + BILLING + "\"],\"resourceType\":\"catalog-entity\",\"conditions\":"
        + rule("IS_ENTITY_OWNER", "{\"claims\":[\"group:default/team-a\"]}") + "}]}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(Json.parse(r.body()).at("/items/0/result").toString())
        .isEqualTo("[\"ALLOW\",\"DENY\"]");
  }

  @Test
  void theConditionOfAConditionalAuthorizeAnswerAppliesHere() {
    HttpResponse<String> auth = TestCatalog.send(HttpRequest.newBuilder(
            base.resolve("/api/permission/authorize"))
        .header("Content-Type", "application/json").header("x-test-caller", "jane")
        .POST(HttpRequest.BodyPublishers.ofString("{\"items\":[{\"id\":\"x\",\"permission\":"
            + "{\"type\":\"resource\",\"name\":\"catalog.entity.delete\",\"attributes\":"
            + "{\"action\":\"delete\"},\"resourceType\":\"catalog-entity\"}}]}")));
    JsonNode item = Json.parse(auth.body()).get("items").get(0);
    assertThat(item.get("result").asString()).as(auth.body()).isEqualTo("CONDITIONAL");
    String conditions = item.get("conditions").toString();
    assertThat(result(PETSTORE, conditions)).isEqualTo("ALLOW");
    assertThat(result(BILLING, conditions)).isEqualTo("DENY");
  }

  @Test
  void usersMayNotCallItAndBadRequestsAre400() {
    HttpResponse<String> user = apply("jane", "{\"items\":[]}");
    assertThat(user.statusCode()).isEqualTo(403);
    assertThat(user.body()).contains("does not allow 'user' credentials");

    HttpResponse<String> type = apply("service", "{\"items\":[{\"id\":\"1\",\"resourceRef\":\"x\","
        + "\"resourceType\":\"scaffolder-template\",\"conditions\":"
        + rule("HAS_TAG", "{\"tag\":\"a\"}") + "}]}");
    assertThat(type.statusCode()).isEqualTo(400);
    assertThat(type.body()).contains("Unexpected resource types: scaffolder-template.");

    HttpResponse<String> unknownRule = apply("service", "{\"items\":[{\"id\":\"1\","
        + "\"resourceRef\":\"" + PETSTORE + "\",\"resourceType\":\"catalog-entity\","
        + "\"conditions\":{\"anyOf\":[" + rule("IS_ENTITY_TALL", "{}") + "]}}]}");
    assertThat(unknownRule.statusCode()).isEqualTo(400);
    assertThat(unknownRule.body())
        .contains("Permission rule 'IS_ENTITY_TALL' does not exist for resource type");

    HttpResponse<String> badParams = apply("service", "{\"items\":[{\"id\":\"1\","
        + "\"resourceRef\":\"" + PETSTORE + "\",\"resourceType\":\"catalog-entity\","
        + "\"conditions\":" + rule("IS_ENTITY_KIND", "{\"kinds\":\"component\"}") + "}]}");
    assertThat(badParams.statusCode()).isEqualTo(400);
    assertThat(badParams.body()).contains("params.kinds must be an array of strings");

    HttpResponse<String> emptyAllOf = apply("service", "{\"items\":[{\"id\":\"1\","
        + "\"resourceRef\":\"" + PETSTORE + "\",\"resourceType\":\"catalog-entity\","
        + "\"conditions\":{\"allOf\":[]}}]}");
    assertThat(emptyAllOf.statusCode()).isEqualTo(400);
    assertThat(emptyAllOf.body()).contains("items[0].conditions.allOf must be a non-empty array");

    StringBuilder deep = new StringBuilder(rule("IS_ENTITY_KIND", "{\"kinds\":[\"x\"]}"));
    for (int i = 0; i < 40; i++) {
      deep.insert(0, "{\"not\":").append('}');
    }
    HttpResponse<String> tooDeep = apply("service", "{\"items\":[{\"id\":\"1\",\"resourceRef\":\""
        + PETSTORE + "\",\"resourceType\":\"catalog-entity\",\"conditions\":" + deep + "}]}");
    assertThat(tooDeep.statusCode()).isEqualTo(400);
    assertThat(tooDeep.body()).contains("nested deeper than 32");

    assertThat(apply("service", "{}").statusCode()).isEqualTo(400);
  }

  @Test
  void theRulesArePublishedWithTheirParameterSchemas() {
    JsonNode meta = Json.parse(TestCatalog.get(base,
        "/api/catalog/.well-known/backstage/permissions/metadata").body());
    assertThat(meta.get("rules")).extracting(r -> r.get("name").asString()).contains(
        "IS_ENTITY_OWNER", "IS_ENTITY_KIND", "HAS_ANNOTATION", "HAS_LABEL", "HAS_METADATA",
        "HAS_SPEC");
    JsonNode owner = meta.get("rules").get(0);
    assertThat(owner.get("resourceType").asString()).isEqualTo("catalog-entity");
    assertThat(owner.at("/paramsSchema/properties/claims/type").asString()).isEqualTo("array");
    assertThat(owner.at("/paramsSchema/required/0").asString()).isEqualTo("claims");
    assertThat(meta.get("permissions")).isNotEmpty();
  }
}
