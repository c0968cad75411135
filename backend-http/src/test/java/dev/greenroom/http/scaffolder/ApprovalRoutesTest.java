package dev.greenroom.http.scaffolder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.catalog.processing.location.CatalogRules;
import dev.greenroom.http.BackendServer;
import dev.greenroom.http.TestCatalog;
import dev.greenroom.http.auth.RulePermissionPolicy;
import dev.greenroom.http.auth.RulePermissionPolicy.Rule;
import dev.greenroom.http.auth.UserPrincipal;
import dev.greenroom.scaffolder.Scaffolder;
import dev.greenroom.scaffolder.task.TaskBroker;
import dev.greenroom.scaffolder.task.TaskWorkerPool;
import dev.greenroom.scaffolder.task.TemplateTaskHandler;
import dev.greenroom.scaffolder.task.jdbc.JdbcTaskStore;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Principal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Approvals through the REST API: a task of a template with {@code approval:request} waits, an
 * approver (through their group) approves it and it finishes; someone outside the approvers gets
 * 403 and the task is unchanged; a policy that denies {@code scaffolder.task.approve} wins over
 * being an approver; a rejection fails the task with the reason.
 */
class ApprovalRoutesTest {
  @TempDir static Path dir;
  static CatalogEngine engine;
  static JdbcTaskStore store;
  static TaskBroker broker;
  static TaskWorkerPool pool;
  static BackendServer server;
  static URI base;

  static final String CATALOG = """
      apiVersion: scaffolder.backstage.io/v1beta3
      kind: Template
      metadata:
        name: gated
      spec:
        owner: team-a
        type: service
        steps:
          - id: approve
            name: Approval
            action: approval:request
            input:
              approvers: [group:default/leads]
              reason: Spends money
          - id: after
            name: After
            action: debug:log
            input:
              message: approved by ${{ steps.approve.output.approvedBy }}
        output:
          text:
            - title: approver
              content: ${{ steps.approve.output.approvedBy }}
      """;

  @BeforeAll
  static void start() throws Exception {
    Path root = dir.resolve("catalog/catalog-info.yaml");
    Files.createDirectories(root.getParent());
    Files.writeString(root, CATALOG);
    engine = CatalogEngine.builder().rules(CatalogRules.allowAll()).processingDisabled()
        .allowedLocationTypes(List.of("file")).location("file", root.toString()).build();
    engine.start();
    if (!engine.awaitIdle(Duration.ofMinutes(2))) {
      throw new IllegalStateException("engine not idle");
    }
    Scaffolder scaffolder = Scaffolder.builder().defaultActions().catalogEngine(engine)
        .workspaceRoot(dir.resolve("dry")).build();
    store = JdbcTaskStore.h2InMemory("approvals-" + UUID.randomUUID());
    broker = TaskBroker.builder(store).pollInterval(Duration.ofMillis(50)).build();
    pool = TaskWorkerPool.builder(broker, TemplateTaskHandler.builder(scaffolder.runner())
            .workingDirectory(dir.resolve("work")).build())
        .heartbeatInterval(Duration.ofMillis(200)).pollInterval(Duration.ofMillis(100))
        .build().start();
    server = BackendServer.builder().port(0).catalog(engine)
        // the test names its caller in a header
        .authenticator(headers -> Optional.<Principal>of(switch (
            headers.firstValue("x-test-user").orElse("jane")) {
          case "lead" -> new UserPrincipal("user:default/lee",
              List.of("user:default/lee", "group:default/leads"));
          case "muted-lead" -> new UserPrincipal("user:default/max",
              List.of("user:default/max", "group:default/leads"));
          default -> new UserPrincipal("user:default/jane",
              List.of("user:default/jane", "group:default/team-a"));
        }))
        .permissionPolicy(RulePermissionPolicy.builder()
            .rule(Rule.deny("scaffolder.task.approve").users("user:default/max"))
            .build())
        .plugin(ScaffolderApiPlugin.builder(scaffolder, broker, engine.catalog())
            .longPollTimeout(Duration.ofSeconds(2)).dryRunDirectory(dir.resolve("dry")).build())
        .build().start();
    base = server.baseUrl();
  }

  @AfterAll
  static void stop() {
    server.close();
    pool.close();
    store.close();
    engine.close();
  }

  static HttpResponse<String> post(String user, String path, String json) {
    return TestCatalog.send(HttpRequest.newBuilder(base.resolve(path))
        .header("x-test-user", user).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).timeout(Duration.ofSeconds(30)));
  }

  static JsonNode task(String id) {
    return Json.parse(TestCatalog.send(HttpRequest.newBuilder(
        base.resolve("/api/scaffolder/v2/tasks/" + id)).GET().timeout(Duration.ofSeconds(30)))
        .body());
  }

  static String startTask() {
    HttpResponse<String> r = post("jane", "/api/scaffolder/v2/tasks",
        "{\"templateRef\":\"template:default/gated\",\"values\":{}}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return Json.parse(r.body()).get("id").asString();
  }

  static void await(String id, String status) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!task(id).path("status").asString().equals(status)) {
      if (System.nanoTime() > end) {
        throw new AssertionError("task " + id + " is " + task(id).path("status") + ", not "
            + status);
      }
      Thread.sleep(20);
    }
  }

  @Test
  void anApproverApprovesAndTheTaskFinishes() throws Exception {
    String id = startTask();
    await(id, "waiting");
    JsonNode waiting = task(id).at("/state/checkpoints/v1.task.waiting");
    assertThat(waiting.at("/details/approvers/0").asString()).isEqualTo("group:default/leads");
    assertThat(waiting.at("/details/reason").asString()).isEqualTo("Spends money");

    HttpResponse<String> outsider = post("jane", "/api/scaffolder/v2/tasks/" + id + "/approve",
        "{}");
    assertThat(outsider.statusCode()).isEqualTo(403);
    assertThat(outsider.body()).contains("user:default/jane is not an approver");
    HttpResponse<String> denied = post("muted-lead", "/api/scaffolder/v2/tasks/" + id
        + "/approve", "{}");
    assertThat(denied.statusCode()).isEqualTo(403);
    assertThat(task(id).path("status").asString()).isEqualTo("waiting");

    HttpResponse<String> ok = post("lead", "/api/scaffolder/v2/tasks/" + id + "/approve",
        "{\"comment\":\"fine\"}");
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    await(id, "completed");
    HttpResponse<String> again = post("lead", "/api/scaffolder/v2/tasks/" + id + "/approve", "{}");
    assertThat(again.statusCode()).isEqualTo(409);
  }

  @Test
  void aRejectionFailsTheTaskWithTheReason() throws Exception {
    String id = startTask();
    await(id, "waiting");
    HttpResponse<String> r = post("lead", "/api/scaffolder/v2/tasks/" + id + "/reject",
        "{\"comment\":\"no budget\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(Json.parse(r.body()).get("status").asString()).isEqualTo("failed");
    HttpResponse<String> events = TestCatalog.send(HttpRequest.newBuilder(
        base.resolve("/api/scaffolder/v2/tasks/" + id + "/events")).GET()
        .timeout(Duration.ofSeconds(30)));
    assertThat(events.body()).contains("Rejected by user:default/lee: no budget")
        .contains("ApprovalRejected");
    assertThat(post("lead", "/api/scaffolder/v2/tasks/" + id + "/reject", "{\"comment\":1}")
        .statusCode()).isEqualTo(400);
  }
}
