package dev.greenroom.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.scaffolder.Scaffolder;
import dev.greenroom.scaffolder.task.NewTask;
import dev.greenroom.scaffolder.task.TaskBroker;
import dev.greenroom.scaffolder.task.TaskEvent;
import dev.greenroom.scaffolder.task.TaskEventType;
import dev.greenroom.scaffolder.task.TaskRecord;
import dev.greenroom.scaffolder.task.TaskStatus;
import dev.greenroom.scaffolder.task.TaskWorkerPool;
import dev.greenroom.scaffolder.task.TemplateTaskHandler;
import dev.greenroom.scaffolder.task.TemplateTaskSpec;
import dev.greenroom.scaffolder.task.jdbc.JdbcTaskStore;
import dev.greenroom.scaffolder.template.Template;
import dev.greenroom.scaffolder.template.TemplateUser;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real tasks on H2 through the broker and a worker pool, with the audit decorator around the store. */
class AuditingTaskStoreTest {
  private static final TemplateUser JANE = TemplateUser.of("user:default/jane");
  private static final Template RELEASE = Template.fromYaml("release.yaml", """
      apiVersion: scaffolder.backstage.io/v1beta3
      kind: Template
      metadata: { name: release }
      spec:
        type: service
        parameters:
          - properties:
              version: { type: string }
              path: { type: string }
        steps:
          - id: changelog
            action: acme:changelog:append
            input:
              path: ${{ parameters.path }}
              version: ${{ parameters.version }}
              entries: [Released]
      """, null);

  @TempDir Path dir;

  private static NewTask task(String version, String path) {
    return new NewTask(TemplateTaskSpec.of(RELEASE,
        Json.object().put("version", version).put("path", path), JANE),
        Map.of("token", "hunter2-token"), "user:default/jane");
  }

  private static void await(TaskBroker broker, String id, TaskStatus status) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (broker.get(id).orElseThrow().status() != status) {
      if (System.nanoTime() > end) {
        throw new AssertionError("task " + id + " is " + broker.get(id).orElseThrow().status()
            + ", not " + status + "; events " + broker.events(id, 0));
      }
      Thread.sleep(10);
    }
  }

  private static void awaitAudit(List<AuditingTaskStore.AuditEntry> audit, String taskId, int size)
      throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (of(audit, taskId).size() < size) {
      if (System.nanoTime() > end) {
        throw new AssertionError("audit of " + taskId + " is " + of(audit, taskId));
      }
      Thread.sleep(10);
    }
  }

  private static List<String> of(List<AuditingTaskStore.AuditEntry> audit, String taskId) {
    return audit.stream().filter(a -> a.taskId().equals(taskId)).map(a -> a.action() + " " + a.detail()).toList();
  }

  @Test
  void everyChangeOfATaskLifeIsReportedWhileTheTasksRunAsUsual() throws Exception {
    List<AuditingTaskStore.AuditEntry> audit = new CopyOnWriteArrayList<>();
    Scaffolder scaffolder = Scaffolder.builder().action(new ChangelogAppendAction())
        .workspaceRoot(dir.resolve("dry")).build();
    try (TaskBroker broker = TaskBroker.builder(
            new AuditingTaskStore(JdbcTaskStore.h2InMemory("audit-" + UUID.randomUUID()), audit::add))
            .ownsStore(true).pollInterval(Duration.ofMillis(20)).build()) {
      TaskRecord good = broker.create(task("1.0.0", "CHANGELOG.md"));
      TaskRecord bad = broker.create(task("1.0.0", "../CHANGELOG.md"));
      TaskRecord dropped = broker.create(task("1.0.0", "CHANGELOG.md"));
      assertThat(broker.cancel(dropped.id())).isEqualTo(TaskBroker.Outcome.DONE); // before any worker runs

      try (TaskWorkerPool pool = TaskWorkerPool.builder(broker,
              TemplateTaskHandler.builder(scaffolder.runner()).workingDirectory(dir.resolve("work")).build())
          .workerId("worker-1").pollInterval(Duration.ofMillis(20)).build().start()) {
        await(broker, good.id(), TaskStatus.COMPLETED);
        await(broker, bad.id(), TaskStatus.FAILED);
        // the failure is reported after the store made it: wait for the report before retrying
        awaitAudit(audit, bad.id(), 3);
        assertThat(broker.retry(bad.id(), null)).isEqualTo(TaskBroker.Outcome.DONE);
        await(broker, bad.id(), TaskStatus.FAILED);
        awaitAudit(audit, bad.id(), 6);
        awaitAudit(audit, good.id(), 3);
        assertThat(broker.get(bad.id()).orElseThrow().runs()).isEqualTo(2);
      }

      // the tasks ran as they would on the bare store
      assertThat(broker.get(good.id()).orElseThrow().steps().at("/changelog/output/heading").asString())
          .startsWith("## [1.0.0] - ");
      List<TaskEvent> failed = broker.events(bad.id(), 0);
      assertThat(failed).filteredOn(e -> e.type() == TaskEventType.COMPLETION).singleElement()
          .satisfies(e -> assertThat(e.body().toString()).contains("outside its parent"));
      assertThat(broker.get(dropped.id()).orElseThrow().status()).isEqualTo(TaskStatus.CANCELLED);

      assertThat(of(audit, good.id())).containsExactly(
          "created by user:default/jane",
          "claimed by worker-1 (run 1)",
          "transition processing held by worker-1 -> completed");
      // the decorator reports a change after the store made it, and the retry wakes the worker,
      // which may claim the task before the retry's own report: those two come in either order
      List<String> badAudit = of(audit, bad.id());
      assertThat(badAudit).hasSize(6);
      assertThat(badAudit.subList(0, 3)).containsExactly(
          "created by user:default/jane",
          "claimed by worker-1 (run 1)",
          "transition processing held by worker-1 -> failed");
      assertThat(badAudit.subList(3, 5)).containsExactlyInAnyOrder(
          "transition cancelled|failed -> open",
          "claimed by worker-1 (run 2)");
      assertThat(badAudit.get(5)).isEqualTo("transition processing held by worker-1 -> failed");
      assertThat(of(audit, dropped.id())).containsExactly(
          "created by user:default/jane",
          "transition open|processing|waiting -> cancelled");
      // the secrets are never in the audit
      assertThat(audit).allSatisfy(a -> assertThat(a.toString()).doesNotContain("hunter2"));
    }
  }
}
