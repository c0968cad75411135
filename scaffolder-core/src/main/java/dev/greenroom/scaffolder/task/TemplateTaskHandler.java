package dev.greenroom.scaffolder.task;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.scaffolder.run.Checkpoints;
import dev.greenroom.scaffolder.run.RunListener;
import dev.greenroom.scaffolder.run.RunRequest;
import dev.greenroom.scaffolder.run.RunResult;
import dev.greenroom.scaffolder.run.TemplateRunner;
import dev.greenroom.scaffolder.template.ParameterError;
import dev.greenroom.scaffolder.template.ParameterValidationException;
import dev.greenroom.scaffolder.template.Template;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@link TaskHandler} that runs template tasks with the {@link TemplateRunner}: rebuilds the
 * template from the task spec ({@link TemplateTaskSpec}), runs it in a workspace folder of its own
 * (deleted afterwards), turns the runner's step events into Backstage's log events, and keeps step
 * outputs, checkpoints and a workspace snapshot with the task so that a retry or a recovery runs
 * from the step that did not complete.
 *
 * <p>Events, as Backstage's runner writes them: {@code "Beginning step <name>"} (status {@code
 * processing}), the action's log lines (step id only), {@code "Finished step <name>"} ({@code
 * completed}), the error ({@code failed}), skip messages ({@code skipped}; a step completed in an
 * earlier run shows as {@code completed} again). The rendered template output goes in the
 * completion event.
 *
 * <p>Resumption needs the files earlier steps wrote: after each completed step the workspace is
 * zipped into the store (up to {@link Builder#maxSnapshotBytes}). A resumed run restores it; when
 * there is no snapshot (too large, or snapshots off) every step runs again, with the checkpoints
 * kept so idempotent actions skip work they did. Step outputs are stored with the task's secrets
 * masked, so a resumed run sees {@code ***} where an earlier step's output held a secret.
 */
public final class TemplateTaskHandler implements TaskHandler {
  /**
   * Timer of the steps a task run ran; tags {@code template} (the template's entity ref), {@code
   * step} (the step's id) and {@code result} ({@code completed}, {@code failed}). Skipped steps and
   * steps completed in an earlier run are not timed.
   */
  public static final String STEPS_METER = "greenroom.scaffolder.steps";

  private final TemplateRunner runner;
  private final TaskMeters meters;
  private final Path workRoot;
  private final boolean snapshots;
  private final long maxSnapshotBytes;

  private TemplateTaskHandler(Builder b) {
    this.runner = b.runner;
    this.workRoot = b.workRoot != null ? b.workRoot : Path.of(System.getProperty("java.io.tmpdir"), "greenroom-tasks");
    this.snapshots = b.snapshots;
    this.maxSnapshotBytes = b.maxSnapshotBytes;
    this.meters = new TaskMeters(b.meters);
  }

  /** A builder over the runner ({@code Scaffolder.runner()}). */
  public static Builder builder(TemplateRunner runner) {
    return new Builder(runner);
  }

  @Override
  public JsonNode run(TaskContext ctx) throws Exception {
    TaskRecord task = ctx.task();
    ObjectNode spec = task.spec();
    Template template = TemplateTaskSpec.template(spec);

    Map<String, JsonNode> completed = new LinkedHashMap<>();
    task.steps()
        .properties()
        .forEach(
            e -> {
              JsonNode st = e.getValue();
              if ("completed".equals(TemplateTaskSpec.text(st.get("status"))) && st.has("output")) {
                completed.put(e.getKey(), st.get("output"));
              }
            });

    Files.createDirectories(workRoot);
    Path workspace = Files.createTempDirectory(workRoot, safe(task.id()) + "-");
    try {
      if (!completed.isEmpty()) {
        Optional<byte[]> snapshot = snapshots ? ctx.workspace() : Optional.empty();
        if (snapshot.isPresent()) {
          WorkspaceSnapshots.unzip(snapshot.get(), workspace, maxSnapshotBytes);
        } else {
          ctx.log("No workspace snapshot of the earlier run; every step runs again");
          ctx.clearSteps();
          completed.clear();
        }
      }
      Map<String, JsonNode> initial = new ConcurrentHashMap<>();
      task.checkpoints().properties().forEach(e -> initial.put(e.getKey(), e.getValue()));
      Checkpoints stored = Checkpoints.inMemory(initial);
      Checkpoints checkpoints =
          new Checkpoints() {
            @Override
            public Optional<JsonNode> get(String key) {
              return stored.get(key);
            }

            @Override
            public void put(String key, JsonNode value) {
              stored.put(key, value);
              ctx.saveCheckpoint(key, value);
            }
          };
      RunRequest request =
          RunRequest.builder(template, workspace)
              .taskId(task.id())
              .parameters(TemplateTaskSpec.parameters(spec))
              .secrets(ctx.secrets())
              .user(TemplateTaskSpec.user(spec))
              .completedSteps(completed)
              .checkpoints(checkpoints)
              .cancelled(() -> ctx.signal().isCancelled())
              .build();
      RunResult result;
      try {
        result = runner.run(request, timed(TaskMeters.template(task), events(ctx, spec, workspace)));
      } catch (ParameterValidationException e) {
        for (ParameterError err : e.errors()) {
          ctx.log("Invalid parameter " + err.field() + ": " + err.message());
        }
        throw e;
      }
      return result.output();
    } finally {
      WorkspaceSnapshots.deleteTree(workspace);
    }
  }

  private static String safe(String id) {
    return id.replaceAll("[^A-Za-z0-9-]", "_");
  }

  /** {@code events}, with each step that runs timed ({@link #STEPS_METER}). */
  private RunListener timed(String template, RunListener events) {
    Map<String, Long> started = new ConcurrentHashMap<>();
    return new RunListener() {
      @Override
      public void log(@Nullable String stepId, String message) {
        events.log(stepId, message);
      }

      @Override
      public void stepStarted(String stepId, String name) {
        started.put(stepId, System.nanoTime());
        events.stepStarted(stepId, name);
      }

      @Override
      public void stepCompleted(String stepId, JsonNode output) {
        events.stepCompleted(stepId, output);
        record(stepId, "completed");
      }

      @Override
      public void stepFailed(String stepId, String message) {
        events.stepFailed(stepId, message);
        record(stepId, "failed");
      }

      @Override
      public void stepSkipped(String stepId, String reason) {
        events.stepSkipped(stepId, reason);
      }

      private void record(String stepId, String result) {
        Long start = started.remove(stepId);
        if (start != null) {
          meters.step(template, stepId, result, System.nanoTime() - start);
        }
      }
    };
  }

  /** The runner's events as task events, with step states and workspace snapshots saved. */
  private RunListener events(TaskContext ctx, ObjectNode spec, Path workspace) {
    BackstageRunEvents events =
        new BackstageRunEvents(
            ctx::log,
            (stepId, output) -> {
              ObjectNode state = Json.object();
              state.put("status", "completed");
              state.set("output", output == null ? Json.object() : output.deepCopy());
              ctx.saveStep(stepId, state);
              if (snapshots) {
                snapshot(ctx, stepId, workspace);
              }
            });
    for (JsonNode s : spec.path("steps")) {
      String id = TemplateTaskSpec.text(s.get("id"));
      if (!id.isEmpty()) {
        events.stepName(id, TemplateTaskSpec.stepName(spec, id));
      }
    }
    return events;
  }

  private void snapshot(TaskContext ctx, String stepId, Path workspace) {
    try {
      Optional<byte[]> zip = WorkspaceSnapshots.zip(workspace, maxSnapshotBytes);
      ctx.saveWorkspace(zip.orElse(null));
      if (zip.isEmpty()) {
        ctx.log("The workspace is larger than " + maxSnapshotBytes
            + " bytes: no snapshot kept, a retry will run every step again", stepId, null);
      }
    } catch (UncheckedIOException e) {
      ctx.saveWorkspace(null);
      ctx.log("No workspace snapshot kept: " + e.getMessage(), stepId, null);
    }
  }

  /** Configures a {@link TemplateTaskHandler}. */
  public static final class Builder {
    private final TemplateRunner runner;
    private @Nullable Path workRoot;
    private boolean snapshots = true;
    private long maxSnapshotBytes = 50L * 1024 * 1024;
    private MeterRegistry meters = new CompositeMeterRegistry();

    private Builder(TemplateRunner runner) {
      this.runner = Objects.requireNonNull(runner, "runner");
    }

    /**
     * The folder under which each run gets a workspace of its own ({@code backend.workingDirectory});
     * default {@code <java.io.tmpdir>/greenroom-tasks}.
     */
    public Builder workingDirectory(Path dir) {
      this.workRoot = Objects.requireNonNull(dir);
      return this;
    }

    /** Whether to snapshot the workspace after each completed step; default true. */
    public Builder workspaceSnapshots(boolean on) {
      this.snapshots = on;
      return this;
    }

    /** The largest workspace snapshotted; default 50 MiB. */
    public Builder maxSnapshotBytes(long bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("snapshot limit must be positive");
      }
      this.maxSnapshotBytes = bytes;
      return this;
    }

    /**
     * Where step timers ({@value TemplateTaskHandler#STEPS_METER}) go; default an empty {@link
     * CompositeMeterRegistry}, which records nothing.
     */
    public Builder meterRegistry(MeterRegistry registry) {
      this.meters = Objects.requireNonNull(registry, "registry");
      return this;
    }

    /** The handler. */
    public TemplateTaskHandler build() {
      return new TemplateTaskHandler(this);
    }
  }

}
