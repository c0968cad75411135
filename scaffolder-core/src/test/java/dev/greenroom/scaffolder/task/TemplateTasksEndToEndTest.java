package dev.greenroom.scaffolder.task;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.store.jdbc.DataSources;
import dev.greenroom.scaffolder.Scaffolder;
import dev.greenroom.scaffolder.action.ActionContext;
import dev.greenroom.scaffolder.action.TemplateAction;
import dev.greenroom.scaffolder.task.jdbc.JdbcTaskStore;
import dev.greenroom.scaffolder.template.Template;
import dev.greenroom.scaffolder.template.TemplateUser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Template tasks with the real runner and built-in actions on H2: a retry resumes at the failed
 * step with the files of the completed steps, and a task whose worker is killed mid-step is taken
 * over by another pool and resumes there.
 */
class TemplateTasksEndToEndTest {
  @TempDir Path dir;
  private final String dbName = "e2e-" + UUID.randomUUID();
  private JdbcTaskStore store;
  private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();
  private final AtomicInteger flakyRuns = new AtomicInteger();
  private final AtomicInteger hangRuns = new AtomicInteger();
  private final CountDownLatch hanging = new CountDownLatch(1);
  private final List<String> seenFiles = new CopyOnWriteArrayList<>();

  /** Fails its first execution. */
  final class Flaky implements TemplateAction {
    @Override
    public String id() {
      return "test:flaky";
    }

    @Override
    public void execute(ActionContext ctx) {
      if (flakyRuns.incrementAndGet() == 1) {
        throw new IllegalStateException("the remote said no");
      }
      ctx.log("the remote said yes");
    }
  }

  /** Its first execution hangs until the run is cancelled (its worker stops). */
  final class HangOnce implements TemplateAction {
    @Override
    public String id() {
      return "test:hang-once";
    }

    @Override
    public void execute(ActionContext ctx) throws Exception {
      if (hangRuns.incrementAndGet() == 1) {
        hanging.countDown();
        while (!ctx.isCancelled()) {
          Thread.sleep(5);
        }
        throw new IllegalStateException("stopped");
      }
    }
  }

  /** Records the workspace's files. */
  final class Capture implements TemplateAction {
    @Override
    public String id() {
      return "test:capture";
    }

    @Override
    public void execute(ActionContext ctx) throws Exception {
      try (Stream<Path> s = Files.walk(ctx.workspace())) {
        s.filter(Files::isRegularFile)
            .forEach(p -> seenFiles.add(ctx.workspace().relativize(p).toString().replace('\\', '/')));
      }
    }
  }

  private Scaffolder scaffolder;

  @BeforeEach
  void setUp() throws Exception {
    store = JdbcTaskStore.h2InMemory(dbName);
    scaffolder =
        Scaffolder.builder()
            .defaultActions()
            .action(new Flaky())
            .action(new HangOnce())
            .action(new Capture())
            .workspaceRoot(dir.resolve("dry"))
            .build();
    Path templateDir = Files.createDirectories(dir.resolve("template/skeleton"));
    Files.writeString(templateDir.resolve("README.md"), "# ${{ values.name }}\n");
  }

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
    store.close();
  }

  private Template template(String middleAction, boolean startOver) {
    String yaml =
        """
        apiVersion: scaffolder.backstage.io/v1beta3
        kind: Template
        metadata:
          name: e2e
        spec:
          owner: team-a
          type: service
          %s
          parameters:
            - properties:
                name: {type: string}
          steps:
            - id: fetch
              name: Fetch skeleton
              action: fetch:template
              input:
                url: ./skeleton
                values:
                  name: ${{ parameters.name }}
            - id: middle
              name: Middle
              action: %s
            - id: rename
              name: Rename
              action: fs:rename
              input:
                files:
                  - from: README.md
                    to: DOC.md
            - id: capture
              name: Capture
              action: test:capture
          output:
            text:
              - title: done
                content: made ${{ parameters.name }}
        """
            .formatted(
                startOver ? "EXPERIMENTAL_recovery: {EXPERIMENTAL_strategy: startOver}" : "",
                middleAction);
    return Template.fromYaml("e2e.yaml", yaml, dir.resolve("template").toUri().toString());
  }

  private TaskWorkerPool pool(TaskBroker broker, String worker) {
    TaskWorkerPool p =
        TaskWorkerPool.builder(
                broker,
                TemplateTaskHandler.builder(scaffolder.runner()).workingDirectory(dir.resolve("work")).build())
            .workerId(worker)
            .heartbeatInterval(Duration.ofMillis(50))
            .staleAfter(Duration.ofMillis(400))
            .recoveryInterval(Duration.ofMillis(100))
            .pollInterval(Duration.ofMillis(100))
            .shutdownGrace(Duration.ofSeconds(5))
            .build()
            .start();
    open.add(p);
    return p;
  }

  private static void await(TaskBroker b, String id, TaskStatus s) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (b.get(id).orElseThrow().status() != s) {
      if (System.nanoTime() > end) {
        throw new AssertionError("task " + id + " is " + b.get(id).orElseThrow().status() + ", not " + s
            + "; events " + b.events(id, 0));
      }
      Thread.sleep(10);
    }
  }

  private static List<String> messages(List<TaskEvent> events) {
    return events.stream().map(e -> e.body().path("message").asString()).toList();
  }

  @Test
  void retryResumesAtTheFailedStepWithTheFilesOfTheCompletedSteps() throws Exception {
    TaskBroker broker = TaskBroker.builder(store).pollInterval(Duration.ofMillis(20)).build();
    pool(broker, "w1");
    TaskRecord t =
        broker.create(
            new NewTask(
                TemplateTaskSpec.of(template("test:flaky", false), Json.object().put("name", "svc"), TemplateUser.of("user:default/jane")),
                Map.of(), "user:default/jane"));
    await(broker, t.id(), TaskStatus.FAILED);
    List<TaskEvent> first = broker.events(t.id(), 0);
    assertThat(messages(first)).contains("Beginning step Fetch skeleton", "Finished step Fetch skeleton", "Beginning step Middle");
    TaskEvent failedStep =
        first.stream().filter(e -> "failed".equals(e.body().path("status").asString(""))).findFirst().orElseThrow();
    assertThat(failedStep.body().get("stepId").asString()).isEqualTo("middle");
    assertThat(failedStep.body().get("message").asString()).contains("the remote said no");

    assertThat(broker.retry(t.id(), null)).isEqualTo(TaskBroker.Outcome.DONE);
    await(broker, t.id(), TaskStatus.COMPLETED);
    List<TaskEvent> second = broker.events(t.id(), 0);
    assertThat(second.get(0).type()).isEqualTo(TaskEventType.RECOVERED);
    TaskEvent skipped =
        second.stream().filter(e -> "fetch".equals(e.body().path("stepId").asString(""))).findFirst().orElseThrow();
    assertThat(skipped.body().get("status").asString()).isEqualTo("completed");
    assertThat(skipped.body().get("message").asString()).contains("completed in a previous run");
    assertThat(messages(second)).doesNotContain("Beginning step Fetch skeleton").contains("Finished step Rename");
    assertThat(flakyRuns.get()).isEqualTo(2);
    // the README the skipped fetch step rendered was there for fs:rename
    assertThat(seenFiles).containsExactly("DOC.md");
    JsonNode output = second.get(second.size() - 1).body().get("output");
    assertThat(output.get("text").get(0).get("content").asString()).isEqualTo("made svc");
    try (Stream<Path> s = Files.list(dir.resolve("work"))) {
      assertThat(s.toList()).as("workspaces are deleted").isEmpty();
    }
  }

  @Test
  void aWorkerKilledMidStepIsTakenOverByAnotherPoolWhichResumes() throws Exception {
    TaskBroker a = TaskBroker.builder(store).pollInterval(Duration.ofMillis(20)).build();
    TaskWorkerPool poolA = pool(a, "worker-a");
    TaskRecord t =
        a.create(
            new NewTask(
                TemplateTaskSpec.of(template("test:hang-once", true), Json.object().put("name", "svc"), TemplateUser.anonymous()),
                Map.of("token", "tok-abcdef"), null));
    assertThat(hanging.await(30, TimeUnit.SECONDS)).isTrue();
    poolA.close(); // the worker goes away mid-step; the task stays processing with a stale heartbeat
    assertThat(a.get(t.id()).orElseThrow().status()).isEqualTo(TaskStatus.PROCESSING);

    // another process: its own broker and store on the same database
    HikariDataSource otherPool = DataSources.h2InMemory(dbName);
    open.add(otherPool::close);
    JdbcTaskStore otherStore = JdbcTaskStore.create(otherPool);
    open.add(otherStore);
    TaskBroker b = TaskBroker.builder(otherStore).pollInterval(Duration.ofMillis(20)).build();
    pool(b, "worker-b");
    await(b, t.id(), TaskStatus.COMPLETED);

    List<TaskEvent> events = b.events(t.id(), 0);
    assertThat(events.get(0).type()).isEqualTo(TaskEventType.RECOVERED);
    assertThat(events.get(0).body().get("message").asString()).contains("worker-a");
    assertThat(messages(events)).doesNotContain("Beginning step Fetch skeleton");
    assertThat(hangRuns.get()).isEqualTo(2);
    assertThat(seenFiles).containsExactly("DOC.md");
    assertThat(b.get(t.id()).orElseThrow().runs()).isEqualTo(2);
    assertThat(otherStore.secrets(t.id())).isEmpty();
  }
}
