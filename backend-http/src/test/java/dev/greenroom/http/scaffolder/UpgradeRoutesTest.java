package dev.greenroom.http.scaffolder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.http.BackendServer;
import dev.greenroom.http.TestCatalog;
import dev.greenroom.http.auth.Permission;
import dev.greenroom.scaffolder.template.TemplateProvenance;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The upgrade routes over HTTP: a repository created from template v1 (a real run pushing to a
 * local bare repository), edited locally, the template moved to v2 in its git history; then the
 * fleet view marks the entity outdated, the dry run shows the per-file diff, the upgrade pushes a
 * branch with v2 − v1 applied and the local edit kept, an unknown recorded version is 404 naming
 * it, and a caller without {@code scaffolder.task.create} gets 403.
 */
class UpgradeRoutesTest {
  @TempDir Path dir;
  UpgradeFixture world;
  BackendServer server;

  @BeforeEach
  void start() throws Exception {
    world = new UpgradeFixture(dir);
    server = world.server();
  }

  @AfterEach
  void stop() {
    world.close();
  }

  private Map<String, byte[]> tree(String branch) throws Exception {
    return world.tree(branch);
  }

  private String repoUrl() {
    return world.repoUrl();
  }

  private HttpResponse<String> post(String path, String json) {
    return TestCatalog.post(server.baseUrl(), "/api/scaffolder" + path, json);
  }

  @Test
  void fleetDiffAndUpgradeThroughTheRestApi() throws Exception {
    HttpResponse<String> fleet = TestCatalog.get(server.baseUrl(),
        "/api/scaffolder/v2/upgrades?templateRef=template:default/demo");
    assertThat(fleet.statusCode()).as(fleet.body()).isEqualTo(200);
    JsonNode f = Json.parse(fleet.body());
    String v2 = f.get("currentVersion").asString();
    assertThat(f.get("items")).hasSize(1);
    assertThat(f.get("items").get(0).get("entityRef").asString()).isEqualTo("component:default/svc");
    assertThat(f.get("items").get(0).get("outdated").asBoolean()).isTrue();
    String v1 = f.get("items").get(0).get("version").asString();
    assertThat(v1).isNotEqualTo(v2);

    HttpResponse<String> diff = post("/v2/upgrades/dry-run", "{\"entityRef\":\"component:default/svc\"}");
    assertThat(diff.statusCode()).as(diff.body()).isEqualTo(200);
    JsonNode d = Json.parse(diff.body());
    assertThat(d.get("oldVersion").asString()).isEqualTo(v1);
    assertThat(d.get("newVersion").asString()).isEqualTo(v2);
    JsonNode app = null;
    for (JsonNode file : d.get("files")) {
      if (file.get("path").asString().equals("app.conf")) {
        app = file;
      }
    }
    assertThat(app).isNotNull();
    assertThat(app.get("status").asString()).isEqualTo("modified");
    assertThat(app.get("diff").asString()).contains("-port = 8080\n+port = 9090\n")
        .contains("-log = debug\n+log = info\n");

    HttpResponse<String> byRepo = post("/v2/upgrades/dry-run", "{\"templateRef\":\"template:default/demo\","
        + "\"repoUrl\":\"" + repoUrl() + "/tree/main/\"}");
    assertThat(byRepo.statusCode()).as(byRepo.body()).isEqualTo(200);
    assertThat(Json.parse(byRepo.body()).get("files")).isEqualTo(d.get("files"));

    HttpResponse<String> up = post("/v2/upgrades", "{\"entityRef\":\"component:default/svc\"}");
    assertThat(up.statusCode()).as(up.body()).isEqualTo(201);
    JsonNode u = Json.parse(up.body());
    assertThat(u.get("pullRequestUrl").isNull()).isTrue();
    assertThat(u.get("conflicts")).isEmpty();
    String branch = u.get("branch").asString();
    assertThat(branch).isEqualTo("greenroom/upgrade-demo-" + v2.replace(':', '-'));
    assertThat(new String(tree(branch).get("app.conf"), StandardCharsets.UTF_8))
        .isEqualTo("service = svc\nport = 9090\ntimeout = 30\nretries = 3\nlog = debug\n");
    assertThat(new String(tree(branch).get(TemplateProvenance.VALUES_FILE), StandardCharsets.UTF_8))
        .contains(v2);
  }

  @Test
  void badInputAndPermissions() throws Exception {
    // the repository's values file names a version the template never had
    String file = new String(tree("main").get(TemplateProvenance.VALUES_FILE), StandardCharsets.UTF_8);
    String recorded = Json.parse(file).get("version").asString();
    world.editLocally(TemplateProvenance.VALUES_FILE, file.replace(recorded, "sha256:00000000deadbeef"));
    HttpResponse<String> unknown = post("/v2/upgrades", "{\"templateRef\":\"template:default/demo\","
        + "\"repoUrl\":\"" + repoUrl() + "/tree/main/\"}");
    assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(404);
    assertThat(unknown.body()).contains("Unknown version sha256:00000000deadbeef of template:default/demo");

    assertThat(post("/v2/upgrades/dry-run", "{}").statusCode()).isEqualTo(400);
    assertThat(post("/v2/upgrades/dry-run", "{\"entityRef\":\"component:default/nobody\"}").statusCode())
        .isEqualTo(404);
    assertThat(TestCatalog.get(server.baseUrl(), "/api/scaffolder/v2/upgrades").statusCode())
        .isEqualTo(400);

    world.denied().add(Permission.TASK_CREATE);
    HttpResponse<String> refused = post("/v2/upgrades", "{\"entityRef\":\"component:default/svc\"}");
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.body()).contains("scaffolder.task.create");
    assertThat(post("/v2/upgrades/dry-run", "{\"entityRef\":\"component:default/svc\"}").statusCode())
        .isEqualTo(403);
  }
}
