package dev.greenroom.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.http.auth.RulePermissionPolicy;
import dev.greenroom.http.auth.RulePermissionPolicy.Rule;
import dev.greenroom.http.auth.UserPrincipal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.Principal;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Issue 13, permissions: the frontend asks {@code POST /api/permission/authorize} before showing
 * the Create button or refreshing an entity; each question gets the policy's real decision.
 */
class PermissionAuthorizeTest {
  @TempDir static Path dir;
  static CatalogEngine engine;
  static BackendServer server;
  static URI base;

  @BeforeAll
  static void start() {
    engine = TestCatalog.engine(dir, 0);
    server = BackendServer.builder().port(0).catalog(engine)
        // the test names its caller in a header: jane (team-a) or admin (group admins)
        .authenticator(headers -> Optional.<Principal>of(switch (
            headers.firstValue("x-test-user").orElse("jane")) {
          case "admin" -> new UserPrincipal("user:default/admin",
              List.of("user:default/admin", "group:default/admins"));
          default -> new UserPrincipal("user:default/jane",
              List.of("user:default/jane", "group:default/team-a"));
        }))
        .permissionPolicy(RulePermissionPolicy.builder()
            .rule(Rule.allow("catalog.entity.delete").groups("group:default/admins"))
            .rule(Rule.allow("catalog.entity.refresh").ifOwner())
            .rule(Rule.deny("catalog.entity.delete", "catalog.entity.refresh",
                "catalog.location.*"))
            .build())
        .build().start();
    base = server.baseUrl();
  }

  @AfterAll
  static void stop() {
    server.close();
    engine.close();
  }

  static HttpResponse<String> authorize(String user, String items) {
    return TestCatalog.send(HttpRequest.newBuilder(base.resolve("/api/permission/authorize"))
        .header("Content-Type", "application/json")
        .header("x-test-user", user)
        .POST(HttpRequest.BodyPublishers.ofString("{\"items\":" + items + "}")));
  }

  static JsonNode results(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return Json.parse(r.body()).get("items");
  }

  static String item(String id, String name, String type, String ref) {
    return "{\"id\":\"" + id + "\",\"permission\":{\"type\":\"" + type + "\",\"name\":\"" + name
        + "\",\"attributes\":{}" + (type.equals("resource")
            ? ",\"resourceType\":\"catalog-entity\"" : "") + "}"
        + (ref == null ? "" : ",\"resourceRef\":\"" + ref + "\"") + "}";
  }

  @Test
  void basicPermissionsGetThePolicysDecision() {
    JsonNode r = results(authorize("jane", "[" + item("1", "catalog.entity.create", "basic", null)
        + "," + item("2", "catalog.location.create", "basic", null) + ","
        + item("3", "catalog.entity.validate", "basic", null) + "]"));
    assertThat(r.get(0).get("id").asString()).isEqualTo("1");
    assertThat(r.get(0).get("result").asString()).isEqualTo("ALLOW");
    assertThat(r.get(1).get("result").asString()).isEqualTo("DENY");
    assertThat(r.get(2).get("result").asString()).isEqualTo("ALLOW");
  }

  @Test
  void ownershipConditionsAreAppliedToTheNamedEntity() {
    JsonNode jane = results(authorize("jane", "["
        + item("own", "catalog.entity.refresh", "resource", "component:default/petstore") + ","
        + item("other", "catalog.entity.refresh", "resource", "component:default/billing") + ","
        + item("gone", "catalog.entity.refresh", "resource", "component:default/nope") + ","
        + item("del", "catalog.entity.delete", "resource", "component:default/petstore") + "]"));
    assertThat(jane.findValuesAsString("result")).containsExactly("ALLOW", "DENY", "DENY", "DENY");
    JsonNode admin = results(authorize("admin", "["
        + item("del", "catalog.entity.delete", "resource", "component:default/petstore") + "]"));
    assertThat(admin.get(0).get("result").asString()).isEqualTo("ALLOW");
  }

  @Test
  void withoutAResourceRefAConditionalDecisionComesBackAsConditions() {
    JsonNode r = results(authorize("jane", "["
        + item("c", "catalog.entity.refresh", "resource", null) + "]"));
    assertThat(r.get(0).get("result").asString()).isEqualTo("CONDITIONAL");
    assertThat(r.get(0).at("/conditions/rule").asString()).isEqualTo("GREENROOM_ENTITY_FILTER");
    assertThat(r.get(0).at("/conditions/params/filter").toString())
        .contains("relations.ownedby", "group:default/team-a");
  }

  @Test
  void unknownPermissionsAndBadBodiesAre400NamingTheProblem() {
    HttpResponse<String> r = authorize("jane", "[" + item("1", "catalog.entity.fly", "basic", null)
        + "]");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("unknown permission 'catalog.entity.fly'");
    assertThat(authorize("jane", "{}").statusCode()).isEqualTo(400);
    assertThat(authorize("jane", "[{\"id\":\"1\"}]").body()).contains("items[0].permission");
  }

  @Test
  void eachPluginPublishesItsPermissionMetadata() {
    HttpResponse<String> r = TestCatalog.get(base,
        "/api/catalog/.well-known/backstage/permissions/metadata");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode perms = Json.parse(r.body()).get("permissions");
    assertThat(perms.findValuesAsString("name")).contains("catalog.entity.read",
        "catalog.entity.create", "catalog.location.delete");
    assertThat(perms.get(0).get("type").asString()).isEqualTo("resource");
    assertThat(perms.get(0).at("/attributes/action").asString()).isEqualTo("read");
  }
}
