package dev.greenroom.scaffolder.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.scaffolder.run.RunListener;
import dev.greenroom.scaffolder.run.RunRequest;
import dev.greenroom.scaffolder.run.RunResult;
import dev.greenroom.scaffolder.run.StepFailedException;
import dev.greenroom.scaffolder.run.TemplateRunner;
import dev.greenroom.scaffolder.template.Template;
import dev.greenroom.scaffolder.template.TemplateStep;
import dev.greenroom.scaffolder.template.TemplateUser;
import dev.greenroom.scaffolder.task.memory.MemoryTaskStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The template task handler against a runner that keeps the {@link TemplateRunner} contract
 * (steps in order, completed steps skipped, listener events, files in the workspace): events as
 * Backstage writes them, step outputs kept, and a retry that finds the files of the skipped steps.
 */
class TemplateTaskHandlerTest {
  @TempDir Path work;
  private TaskBroker broker;
  private TaskWorkerPool pool;
  private final ContractRunner runner = new ContractRunner();

  static final String TEMPLATE =
      """
      apiVersion: scaffolder.backstage.io/v1beta3
      kind: Template
      metadata:
        name: demo
        namespace: default
      spec:
        owner: team-a
        type: service
        EXPERIMENTAL_recovery:
          EXPERIMENTAL_strategy: startOver
        parameters:
          - title: Name
            properties:
              name: {type: string}
        steps:
          - id: write
            name: Write the readme
            action: test:write
            input: {path: README.md, content: hello}
          - id: publish
            name: Publish
            action: test:needs-readme
        output:
          text:
            - title: done
      """;

  /** Follows the runner contract with two test actions. */
  static final class ContractRunner implements TemplateRunner {
    final AtomicInteger publishRuns = new AtomicInteger();
    final AtomicInteger writeRuns = new AtomicInteger();
    volatile boolean failPublishOnce = true;
    final List<Path> workspaces = new ArrayList<>();

    @Override
    public RunResult run(RunRequest req, RunListener l) {
      workspaces.add(req.workspace());
      Map<String, JsonNode> outputs = new LinkedHashMap<>();
      for (TemplateStep s : req.template().steps()) {
        if (req.completedSteps().containsKey(s.id())) {
          l.stepSkipped(s.id(), "completed in a previous run");
          outputs.put(s.id(), req.completedSteps().get(s.id()));
          continue;
        }
        l.stepStarted(s.id(), s.name());
        ObjectNode out = Json.object();
        try {
          if (s.action().equals("test:write")) {
            writeRuns.incrementAndGet();
            Files.writeString(req.workspace().resolve(s.input().get("path").asString()), s.input().get("content").asString());
            l.log(s.id(), "wrote with token " + req.secrets().getOrDefault("token", "-").replace(req.secrets().getOrDefault("token", "\u0000"), "***"));
            out.put("path", "README.md");
            req.checkpoints().put("v1.task.checkpoint.write.done", Json.parse("{\"status\":\"success\",\"value\":true}"));
          } else {
            publishRuns.incrementAndGet();
            String readme = Files.readString(req.workspace().resolve("README.md"));
            if (failPublishOnce) {
              failPublishOnce = false;
              throw new IllegalStateException("remote is down");
            }
            out.put("published", readme);
          }
        } catch (Exception e) {
          l.stepFailed(s.id(), e.getMessage());
          throw new StepFailedException(s.id(), e.getMessage());
        }
        l.stepCompleted(s.id(), out);
        outputs.put(s.id(), out);
      }
      ObjectNode output = Json.object();
      output.put("text", "done by " + req.user().ref() + " for " + req.parameters().path("name").asString());
      return new RunResult(output, outputs, List.of(), List.of());
    }
  }

  @BeforeEach
  void start() {
    broker = TaskBroker.builder(new MemoryTaskStore()).pollInterval(Duration.ofMillis(20)).build();
    pool =
        TaskWorkerPool.builder(broker, TemplateTaskHandler.builder(runner).workingDirectory(work).build())
            .pollInterval(Duration.ofMillis(50))
            .build()
            .start();
  }

  @AfterEach
  void stop() {
    pool.close();
  }

  private void await(String id, TaskStatus s) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (broker.get(id).orElseThrow().status() != s) {
      if (System.nanoTime() > end) {
        throw new AssertionError("task " + id + " is " + broker.get(id).orElseThrow().status() + ", not " + s);
      }
      Thread.sleep(10);
    }
    Thread.sleep(50); // the handler's finally block (workspace removal) runs after the transition
  }

  @Test
  void specPinsTheTemplateAndRebuildsIt() {
    Template t = Template.fromYaml("demo.yaml", TEMPLATE, "file:/templates/demo/");
    ObjectNode values = Json.object().put("name", "svc");
    ObjectNode spec = TemplateTaskSpec.of(t, values, TemplateUser.of("user:default/jane"));
    assertThat(spec.get("apiVersion").asString()).isEqualTo("scaffolder.backstage.io/v1beta3");
    assertThat(spec.get("parameters")).isEqualTo(values);
    assertThat(spec.get("steps").get(0).get("id").asString()).isEqualTo("write");
    assertThat(spec.get("steps").get(1).get("name").asString()).isEqualTo("Publish");
    assertThat(spec.get("templateInfo").get("entityRef").asString()).isEqualTo("template:default/demo");
    assertThat(spec.get("templateInfo").get("baseUrl").asString()).isEqualTo("file:/templates/demo/");
    assertThat(spec.get("user").get("ref").asString()).isEqualTo("user:default/jane");
    assertThat(spec.get("EXPERIMENTAL_recovery").get("EXPERIMENTAL_strategy").asString()).isEqualTo("startOver");

    Template back = TemplateTaskSpec.template(spec);
    assertThat(back.ref()).isEqualTo(t.ref());
    assertThat(back.baseUrl()).isEqualTo("file:/templates/demo/");
    assertThat(back.steps()).extracting(TemplateStep::id).containsExactly("write", "publish");
    assertThat(TemplateTaskSpec.user(spec).ref()).isEqualTo("user:default/jane");
  }

  @Test
  void runsTheTemplateWritesBackstageEventsAndRetriesFromTheFailedStep() throws Exception {
    Template t = Template.fromYaml("demo.yaml", TEMPLATE, null);
    String secret = "tok-1234567";
    TaskRecord task =
        broker.create(
            new NewTask(
                TemplateTaskSpec.of(t, Json.object().put("name", "svc"), TemplateUser.of("user:default/jane")),
                Map.of("token", secret),
                "user:default/jane"));
    await(task.id(), TaskStatus.FAILED);
    List<TaskEvent> ev = broker.events(task.id(), 0);
    assertThat(ev).extracting(e -> e.body().path("message").asString())
        .containsExactly(
            "Beginning step Write the readme",
            "wrote with token ***",
            "Finished step Write the readme",
            "Beginning step Publish",
            "remote is down",
            "Run completed with status: failed");
    assertThat(ev.get(4).body().get("status").asString()).isEqualTo("failed");
    assertThat(ev.get(4).body().get("stepId").asString()).isEqualTo("publish");
    assertThat(ev.get(5).body().get("error").get("name").asString()).isEqualTo("StepFailedException");
    TaskRecord failed = broker.get(task.id()).orElseThrow();
    assertThat(failed.step("write").get("output").get("path").asString()).isEqualTo("README.md");
    assertThat(failed.checkpoints().has("v1.task.checkpoint.write.done")).isTrue();
    assertThat(broker.store().workspace(task.id())).isPresent();
    assertThat(runner.workspaces.get(0)).doesNotExist(); // deleted after the run

    assertThat(broker.retry(task.id(), null)).isEqualTo(TaskBroker.Outcome.DONE);
    await(task.id(), TaskStatus.COMPLETED);
    assertThat(runner.writeRuns.get()).isEqualTo(1); // not run again
    assertThat(runner.publishRuns.get()).isEqualTo(2);
    List<TaskEvent> retried = broker.events(task.id(), 0);
    assertThat(retried).extracting(e -> e.body().path("message").asString())
        .containsExactly(
            "The task was retried; completed steps are kept",
            "Skipping step Write the readme: completed in a previous run",
            "Beginning step Publish",
            "Finished step Publish",
            "Run completed with status: completed");
    assertThat(retried.get(1).body().get("status").asString()).isEqualTo("completed");
    JsonNode output = retried.get(retried.size() - 1).body().get("output");
    assertThat(output.get("text").asString()).isEqualTo("done by user:default/jane for svc");
    // the README written by the skipped step was restored from the snapshot
    assertThat(broker.get(task.id()).orElseThrow().step("publish").get("output").get("published").asString())
        .isEqualTo("hello");
    assertThat(broker.store().workspace(task.id())).isEmpty(); // dropped on completion
    assertThat(runner.workspaces.get(1)).doesNotExist();
    StringBuilder all = new StringBuilder();
    ev.forEach(e -> all.append(Json.write(e.toJson())));
    retried.forEach(e -> all.append(Json.write(e.toJson())));
    assertThat(all.toString()).doesNotContain(secret);
  }

  @Test
  void withoutASnapshotARetryRunsEveryStepAgain() throws Exception {
    pool.close();
    pool =
        TaskWorkerPool.builder(
                broker, TemplateTaskHandler.builder(runner).workingDirectory(work).workspaceSnapshots(false).build())
            .pollInterval(Duration.ofMillis(50))
            .build()
            .start();
    Template t = Template.fromYaml("demo.yaml", TEMPLATE, null);
    TaskRecord task =
        broker.create(new NewTask(TemplateTaskSpec.of(t, Json.object(), TemplateUser.anonymous()), Map.of(), null));
    await(task.id(), TaskStatus.FAILED);
    broker.retry(task.id(), null);
    await(task.id(), TaskStatus.COMPLETED);
    assertThat(runner.writeRuns.get()).isEqualTo(2);
    assertThat(broker.events(task.id(), 0)).extracting(e -> e.body().path("message").asString())
        .contains("No workspace snapshot of the earlier run; every step runs again");
  }

  @Test
  void snapshotsRoundTripFilesAndRefuseEscapes(@TempDir Path other) throws Exception {
    Path ws = Files.createDirectories(work.resolve("ws"));
    Files.createDirectories(ws.resolve("a/b"));
    Files.writeString(ws.resolve("a/b/c.txt"), "c");
    Files.writeString(ws.resolve("run.sh"), "#!/bin/sh");
    ws.resolve("run.sh").toFile().setExecutable(true);
    byte[] zip = WorkspaceSnapshots.zip(ws, 1024).orElseThrow();
    assertThat(WorkspaceSnapshots.zip(ws, 5)).isEmpty();
    WorkspaceSnapshots.unzip(zip, other, 1024);
    assertThat(Files.readString(other.resolve("a/b/c.txt"))).isEqualTo("c");
    assertThat(Files.isExecutable(other.resolve("run.sh"))).isTrue();

    java.io.ByteArrayOutputStream evil = new java.io.ByteArrayOutputStream();
    try (java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(evil)) {
      z.putNextEntry(new java.util.zip.ZipEntry("../escape.txt"));
      z.write(1);
      z.closeEntry();
    }
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> WorkspaceSnapshots.unzip(evil.toByteArray(), other.resolve("x"), 1024))
        .hasMessageContaining("points outside the workspace");
    assertThat(other.resolve("escape.txt")).doesNotExist();
  }
}
