package dev.greenroom.http.scaffolder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.catalog.processing.location.CatalogRules;
import dev.greenroom.catalog.query.EntityFilters;
import dev.greenroom.http.BackendServer;
import dev.greenroom.http.TestCatalog;
import dev.greenroom.http.auth.Permission;
import dev.greenroom.http.auth.PermissionDecision;
import dev.greenroom.http.auth.PermissionPolicy;
import dev.greenroom.scaffolder.Scaffolder;
import dev.greenroom.scaffolder.task.TaskBroker;
import dev.greenroom.scaffolder.task.memory.MemoryTaskStore;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scaffolder routes ask the permission policy, with Backstage's permission names. */
class ScaffolderPermissionsTest {
  @TempDir Path dir;

  static final String CATALOG =
      """
      apiVersion: scaffolder.backstage.io/v1beta3
      kind: Template
      metadata:
        name: hello
        tags: [public]
      spec:
        owner: team-a
        type: service
        steps:
          - id: greet
            name: Greet
            action: debug:log
            input:
              message: hello
      ---
      apiVersion: scaffolder.backstage.io/v1beta3
      kind: Template
      metadata:
        name: internal
      spec:
        owner: team-a
        type: service
        steps: []
      """;

  @Test
  void deniedPermissionsAnswer403AndUnreadableTemplatesAreNotFound() throws Exception {
    Path root = dir.resolve("catalog-info.yaml");
    Files.writeString(root, CATALOG);
    Set<Permission> denied = ConcurrentHashMap.newKeySet();
    denied.add(Permission.TASK_CREATE);
    denied.add(Permission.TASK_CANCEL);
    PermissionPolicy policy =
        (principal, permission) -> {
          if (permission.equals(Permission.ENTITY_READ)) {
            return PermissionDecision.conditional(
                EntityFilters.parseLegacy(List.of("metadata.tags=public")));
          }
          return denied.contains(permission) ? PermissionDecision.deny() : PermissionDecision.allow();
        };
    try (CatalogEngine engine =
        CatalogEngine.builder()
            .rules(CatalogRules.allowAll())
            .processingDisabled()
            .allowedLocationTypes(List.of("url", "file"))
            .location("file", root.toString())
            .build()) {
      engine.start();
      assertThat(engine.awaitIdle(Duration.ofMinutes(1))).isTrue();
      Scaffolder scaffolder =
          Scaffolder.builder().defaultActions().catalogEngine(engine).workspaceRoot(dir.resolve("dry")).build();
      TaskBroker broker = TaskBroker.builder(new MemoryTaskStore()).build();
      try (BackendServer server =
          BackendServer.builder()
              .host("127.0.0.1")
              .port(0)
              .catalog(engine)
              .permissionPolicy(policy)
              .plugin(ScaffolderApiPlugin.builder(scaffolder, broker, engine.catalog()).build())
              .build()
              .start()) {
        URI base = server.baseUrl();
        assertThat(TestCatalog.get(base, "/api/scaffolder/v2/templates/default/template/hello/parameter-schema").statusCode())
            .isEqualTo(200);
        HttpResponse<String> hidden =
            TestCatalog.get(base, "/api/scaffolder/v2/templates/default/template/internal/parameter-schema");
        assertThat(hidden.statusCode()).isEqualTo(404);

        HttpResponse<String> create =
            TestCatalog.post(base, "/api/scaffolder/v2/tasks", "{\"templateRef\":\"template:default/hello\",\"values\":{}}");
        assertThat(create.statusCode()).isEqualTo(403);
        assertThat(create.body()).contains("NotAllowedError").contains("scaffolder.task.create");

        HttpResponse<String> dryRun = TestCatalog.post(base, "/api/scaffolder/v2/dry-run", "{\"template\":{},\"values\":{}}");
        assertThat(dryRun.statusCode()).isEqualTo(403);

        HttpResponse<String> list = TestCatalog.get(base, "/api/scaffolder/v2/tasks");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("\"tasks\":[]");

        denied.add(Permission.TASK_READ);
        assertThat(TestCatalog.get(base, "/api/scaffolder/v2/tasks").statusCode()).isEqualTo(403);
      }
    }
  }

  @Test
  void applyConditionsDecidesIsTaskOwnerOnStoredTasks() throws Exception {
    Path root = dir.resolve("catalog-info.yaml");
    Files.writeString(root, CATALOG);
    try (CatalogEngine engine = CatalogEngine.builder().rules(CatalogRules.allowAll())
        .processingDisabled().allowedLocationTypes(List.of("file"))
        .location("file", root.toString()).build()) {
      engine.start();
      assertThat(engine.awaitIdle(Duration.ofMinutes(1))).isTrue();
      Scaffolder scaffolder = Scaffolder.builder().defaultActions().catalogEngine(engine)
          .workspaceRoot(dir.resolve("dry")).build();
      TaskBroker broker = TaskBroker.builder(new MemoryTaskStore()).build();
      String janes = broker.create(new dev.greenroom.scaffolder.task.NewTask(
          dev.greenroom.catalog.json.Json.object(), java.util.Map.of(), "user:default/jane")).id();
      String anonymous = broker.create(new dev.greenroom.scaffolder.task.NewTask(
          dev.greenroom.catalog.json.Json.object(), java.util.Map.of(), null)).id();
      try (BackendServer server = BackendServer.builder().host("127.0.0.1").port(0)
          .catalog(engine)
          .plugin(ScaffolderApiPlugin.builder(scaffolder, broker, engine.catalog()).build())
          .build().start()) {
        URI base = server.baseUrl();
        String cond = "{\"rule\":\"IS_TASK_OWNER\",\"resourceType\":\"scaffolder-task\","
            + "\"params\":{\"createdBy\":[\"user:default/jane\"]}}";
        HttpResponse<String> r = TestCatalog.post(base,
            "/api/scaffolder/.well-known/backstage/permissions/apply-conditions",
            "{\"items\":[{\"id\":\"1\",\"resourceType\":\"scaffolder-task\",\"resourceRef\":[\""
                + janes + "\",\"" + anonymous + "\",\"no-such-task\"],\"conditions\":" + cond
                + "}]}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("\"result\":[\"ALLOW\",\"DENY\",\"DENY\"]");
        HttpResponse<String> meta = TestCatalog.get(base,
            "/api/scaffolder/.well-known/backstage/permissions/metadata");
        assertThat(meta.body()).contains("\"name\":\"IS_TASK_OWNER\"")
            .contains("\"resourceType\":\"scaffolder-task\"");
      }
    }
  }
}
