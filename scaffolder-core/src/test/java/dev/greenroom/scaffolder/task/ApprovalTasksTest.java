package dev.greenroom.scaffolder.task;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.store.jdbc.DataSources;
import dev.greenroom.scaffolder.Scaffolder;
import dev.greenroom.scaffolder.action.ActionContext;
import dev.greenroom.scaffolder.action.TemplateAction;
import dev.greenroom.scaffolder.run.RunResult;
import dev.greenroom.scaffolder.task.jdbc.JdbcTaskStore;
import dev.greenroom.scaffolder.template.Template;
import dev.greenroom.scaffolder.template.TemplateUser;
import dev.greenroom.testsupport.PgSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code approval:request} with the real runner, broker and worker pools on H2 (a file, so that a
 * restart is a real one) and PostgreSQL: a task waits, held by no worker, across a restart; an
 * outsider cannot decide; an approver through their group resumes it at the waiting step with the
 * files and secrets of the earlier steps; a rejection or a timeout fails it with the reason.
 */
class ApprovalTasksTest {
  @TempDir Path dir;
  private final List<AutoCloseable> open = new ArrayList<>();
  private final List<String> seen = new CopyOnWriteArrayList<>();
  private final List<ObjectNode> notified = new CopyOnWriteArrayList<>();
  private PgSchema pg;
  private Scaffolder scaffolder;

  /** Records the workspace's README and the secret the task was given. */
  final class Capture implements TemplateAction {
    @Override
    public String id() {
      return "test:capture";
    }

    @Override
    public void execute(ActionContext ctx) throws Exception {
      seen.add(Files.readString(ctx.workspace().resolve("README.md")).strip());
      seen.add("token=" + ctx.secrets().get("token"));
    }
  }

  @AfterEach
  void tearDown() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
    if (pg != null) {
      pg.close();
    }
  }

  private TaskStore store(String kind) {
    JdbcTaskStore s;
    if (kind.equals("h2")) {
      HikariDataSource ds = DataSources.h2File(dir.resolve("tasks"));
      open.add(ds::close);
      s = JdbcTaskStore.create(ds);
    } else {
      if (pg == null) {
        pg = PgSchema.create("gr_task_test");
      }
      s = JdbcTaskStore.postgres(pg.url());
    }
    open.add(s);
    return s;
  }

  private record Host(TaskBroker broker, TaskWorkerPool pool) implements AutoCloseable {
    @Override
    public void close() {
      pool.close();
      broker.close();
    }
  }

  private Host host(TaskStore store, String worker) throws Exception {
    if (scaffolder == null) {
      scaffolder = Scaffolder.builder().defaultActions().action(new Capture())
          .workspaceRoot(dir.resolve("dry")).build();
      Path skeleton = Files.createDirectories(dir.resolve("template/skeleton"));
      Files.writeString(skeleton.resolve("README.md"), "# ${{ values.name }}\n");
    }
    TaskBroker broker = TaskBroker.builder(store).pollInterval(Duration.ofMillis(20))
        .waitingListener((task, waiting) -> notified.add(waiting)).build();
    TaskWorkerPool pool = TaskWorkerPool.builder(broker,
            TemplateTaskHandler.builder(scaffolder.runner())
                .workingDirectory(dir.resolve("work")).build())
        .workerId(worker)
        .heartbeatInterval(Duration.ofMillis(50))
        .staleAfter(Duration.ofMillis(400))
        .recoveryInterval(Duration.ofMillis(100))
        .pollInterval(Duration.ofMillis(100))
        .shutdownGrace(Duration.ofSeconds(5))
        .build()
        .start();
    Host h = new Host(broker, pool);
    open.add(h);
    return h;
  }

  private Template template(String timeout) {
    return Template.fromYaml("approval.yaml", """
        apiVersion: scaffolder.backstage.io/v1beta3
        kind: Template
        metadata: { name: prod-db }
        spec:
          owner: team-a
          type: resource
          steps:
            - id: fetch
              name: Fetch skeleton
              action: fetch:template
              input: { url: ./skeleton, values: { name: "${{ parameters.name }}" } }
            - id: approve
              name: Approval
              action: approval:request
              input:
                approvers: [group:default/leads, user:default/cto]
                reason: Creates a production database
                timeout: %s
            - id: capture
              name: Capture
              action: test:capture
          output:
            text:
              - title: approved by
                content: ${{ steps.approve.output.approvedBy }}
        """.formatted(timeout), dir.resolve("template").toUri().toString());
  }

  private TaskRecord create(TaskBroker broker, String timeout) {
    return broker.create(new NewTask(TemplateTaskSpec.of(template(timeout),
        Json.object().put("name", "orders-db"), TemplateUser.of("user:default/jane")),
        Map.of("token", "tok-123456"), "user:default/jane"));
  }

  private static void await(TaskBroker b, String id, TaskStatus s) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (b.get(id).orElseThrow().status() != s) {
      if (System.nanoTime() > end) {
        throw new AssertionError("task " + id + " is " + b.get(id).orElseThrow().status()
            + ", not " + s + "; events " + b.events(id, 0));
      }
      Thread.sleep(10);
    }
  }

  private static List<String> messages(TaskBroker b, String id) {
    return b.events(id, 0).stream().map(e -> e.body().path("message").asString("")).toList();
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void aWaitingTaskSurvivesARestartAndAnApproverResumesIt(String kind) throws Exception {
    TaskStore first = store(kind);
    Host a = host(first, "worker-a");
    TaskRecord t = create(a.broker(), "{ hours: 48 }");
    await(a.broker(), t.id(), TaskStatus.WAITING);
    TaskRecord waiting = a.broker().get(t.id()).orElseThrow();
    assertThat(waiting.workerId()).isNull();
    ObjectNode what = TaskBroker.waitingFor(waiting).orElseThrow();
    assertThat(what.path("stepId").asString()).isEqualTo("approve");
    assertThat(what.path("details").path("approvers").toString())
        .isEqualTo("[\"group:default/leads\",\"user:default/cto\"]");
    assertThat(messages(a.broker(), t.id())).anyMatch(m -> m.startsWith(
        "Waiting for approval by group:default/leads, user:default/cto: Creates a production"
            + " database"));
    assertThat(notified).hasSize(1);
    assertThat(notified.get(0).path("details").path("reason").asString())
        .isEqualTo("Creates a production database");

    // someone who is neither an approver nor in an approving group
    assertThat(a.broker().decide(t.id(), new TaskBroker.Decision(true, "user:default/eve",
        Set.of("user:default/eve", "group:default/devs"), null)))
        .isEqualTo(TaskBroker.Outcome.FORBIDDEN);

    // restart: every host goes away, a new one comes up on the same database
    a.close();
    if (kind.equals("h2")) {
      first.close();
    }
    TaskStore second = kind.equals("h2") ? store(kind) : first;
    Host b = host(second, "worker-b");
    Thread.sleep(300); // several claim polls: nobody takes a waiting task
    assertThat(b.broker().get(t.id()).orElseThrow().status()).isEqualTo(TaskStatus.WAITING);

    assertThat(b.broker().decide(t.id(), new TaskBroker.Decision(true, "user:default/jane",
        Set.of("user:default/jane", "group:default/leads"), "go ahead")))
        .isEqualTo(TaskBroker.Outcome.DONE);
    await(b.broker(), t.id(), TaskStatus.COMPLETED);
    // a second decision comes too late
    assertThat(b.broker().decide(t.id(), new TaskBroker.Decision(false, "user:default/cto",
        Set.of("user:default/cto"), null))).isEqualTo(TaskBroker.Outcome.CONFLICT);

    List<String> msgs = messages(b.broker(), t.id());
    assertThat(msgs).contains("Approved by user:default/jane: go ahead");
    // the log is the task's whole history: the skeleton was fetched once, the approval step began
    // twice (the wait, then the resumed run), and the wait was logged once
    assertThat(msgs).filteredOn("Beginning step Fetch skeleton"::equals).hasSize(1);
    assertThat(msgs).filteredOn("Beginning step Approval"::equals).hasSize(2);
    assertThat(msgs).filteredOn(m -> m.startsWith("Waiting for approval")).hasSize(1);
    assertThat(seen).containsExactly("# orders-db", "token=tok-123456");
    List<TaskEvent> events = b.broker().events(t.id(), 0);
    assertThat(events.get(events.size() - 1).body().path("output").path("text").get(0)
        .path("content").asString()).isEqualTo("user:default/jane");
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void aRejectionFailsTheTaskWithTheReason(String kind) throws Exception {
    TaskStore store = store(kind);
    Host h = host(store, "w");
    TaskRecord t = create(h.broker(), "P2D");
    await(h.broker(), t.id(), TaskStatus.WAITING);
    assertThat(h.broker().decide(t.id(), new TaskBroker.Decision(false, "user:default/cto",
        Set.of("user:default/cto"), "not this quarter"))).isEqualTo(TaskBroker.Outcome.DONE);
    assertThat(h.broker().get(t.id()).orElseThrow().status()).isEqualTo(TaskStatus.FAILED);
    List<TaskEvent> events = h.broker().events(t.id(), 0);
    TaskEvent completion = events.get(events.size() - 1);
    assertThat(completion.type()).isEqualTo(TaskEventType.COMPLETION);
    assertThat(completion.body().path("error").path("name").asString())
        .isEqualTo("ApprovalRejected");
    assertThat(completion.body().path("error").path("message").asString())
        .isEqualTo("Rejected by user:default/cto: not this quarter");
    assertThat(store.secrets(t.id())).isEmpty();
    assertThat(seen).isEmpty();
  }

  @Test
  void noDecisionBeforeTheTimeoutFailsTheTask() throws Exception {
    Host h = host(store("h2"), "w");
    TaskRecord t = create(h.broker(), "PT0.5S");
    await(h.broker(), t.id(), TaskStatus.FAILED);
    List<TaskEvent> events = h.broker().events(t.id(), 0);
    assertThat(events.get(events.size() - 1).body().path("error").path("name").asString())
        .isEqualTo("ApprovalTimedOut");
    assertThat(messages(h.broker(), t.id())).anyMatch(m -> m.contains("timed out"));
  }

  @Test
  void aWaitingTaskCanBeCancelled() throws Exception {
    Host h = host(store("h2"), "w");
    TaskRecord t = create(h.broker(), "P1D");
    await(h.broker(), t.id(), TaskStatus.WAITING);
    assertThat(h.broker().cancel(t.id())).isEqualTo(TaskBroker.Outcome.DONE);
    assertThat(h.broker().get(t.id()).orElseThrow().status()).isEqualTo(TaskStatus.CANCELLED);
    assertThat(h.broker().decide(t.id(), new TaskBroker.Decision(true, "user:default/cto",
        Set.of(), null))).isEqualTo(TaskBroker.Outcome.CONFLICT);
  }

  @Test
  void aDryRunSkipsTheApproval() throws Exception {
    host(store("h2"), "w");
    RunResult r = scaffolder.dryRun(template("P1D"), Json.object().put("name", "x"), Map.of(),
        TemplateUser.anonymous());
    assertThat(r.log().stream().map(RunResult.LogLine::message))
        .anyMatch(m -> m.contains("Skipping because approval:request does not support dry-run"));
  }
}
