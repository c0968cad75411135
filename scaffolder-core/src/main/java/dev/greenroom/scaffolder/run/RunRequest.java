package dev.greenroom.scaffolder.run;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.scaffolder.template.Template;
import dev.greenroom.scaffolder.template.TemplateUser;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import tools.jackson.databind.JsonNode;

/**
 * One run of a template. Build with {@link #builder(Template, Path)}.
 *
 * @param taskId the task id, visible to templates as {@code context.task.id}
 * @param template the template to run (its steps and output as they were when the task was made)
 * @param parameters the submitted form values (an object), visible as {@code parameters}
 * @param secrets the task secrets, visible as {@code secrets} in step input and {@code each} only;
 *     every value (and its trimmed form) is masked in logs and errors
 * @param user the initiator, visible as {@code user.ref} and {@code user.entity}
 * @param workspace the task's working directory; every path an action touches stays inside it
 * @param dryRun true for a dry run (actions without dry-run support are skipped)
 * @param completedSteps outputs of steps that completed in a previous run of the same task, by
 *     step id; those steps are not run again (resumption / retry from the failed step)
 * @param checkpoints the store behind {@code ActionContext.checkpoint}
 * @param cancelled the cancellation signal; true once the task is cancelled
 */
public record RunRequest(
    String taskId,
    Template template,
    JsonNode parameters,
    Map<String, String> secrets,
    TemplateUser user,
    Path workspace,
    boolean dryRun,
    Map<String, JsonNode> completedSteps,
    Checkpoints checkpoints,
    BooleanSupplier cancelled) {
  public RunRequest {
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(template, "template");
    Objects.requireNonNull(parameters, "parameters");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(workspace, "workspace");
    Objects.requireNonNull(checkpoints, "checkpoints");
    Objects.requireNonNull(cancelled, "cancelled");
    secrets = Collections.unmodifiableMap(new LinkedHashMap<>(secrets));
    completedSteps = Collections.unmodifiableMap(new LinkedHashMap<>(completedSteps));
  }

  /** A builder with no parameters, secrets, user or completed steps; not a dry run. */
  public static Builder builder(Template template, Path workspace) {
    return new Builder(template, workspace);
  }

  /** Builds a {@link RunRequest}. */
  public static final class Builder {
    private final Template template;
    private final Path workspace;
    private String taskId = "task";
    private JsonNode parameters = Json.object();
    private Map<String, String> secrets = Map.of();
    private TemplateUser user = TemplateUser.anonymous();
    private boolean dryRun;
    private Map<String, JsonNode> completedSteps = Map.of();
    private Checkpoints checkpoints = Checkpoints.inMemory();
    private BooleanSupplier cancelled = () -> false;

    private Builder(Template template, Path workspace) {
      this.template = Objects.requireNonNull(template, "template");
      this.workspace = Objects.requireNonNull(workspace, "workspace");
    }

    /** The task id ({@code context.task.id}); default {@code task}. */
    public Builder taskId(String taskId) {
      this.taskId = taskId;
      return this;
    }

    /** The form values (an object). */
    public Builder parameters(JsonNode parameters) {
      this.parameters = parameters;
      return this;
    }

    /** The task secrets. */
    public Builder secrets(Map<String, String> secrets) {
      this.secrets = secrets;
      return this;
    }

    /** The initiating user. */
    public Builder user(TemplateUser user) {
      this.user = user;
      return this;
    }

    /** Makes this a dry run. */
    public Builder dryRun(boolean dryRun) {
      this.dryRun = dryRun;
      return this;
    }

    /** Outputs of steps completed in a previous run, by step id (they are skipped). */
    public Builder completedSteps(Map<String, JsonNode> completedSteps) {
      this.completedSteps = completedSteps;
      return this;
    }

    /** The checkpoint store; default a fresh in-memory one. */
    public Builder checkpoints(Checkpoints checkpoints) {
      this.checkpoints = checkpoints;
      return this;
    }

    /** The cancellation signal; default never. */
    public Builder cancelled(BooleanSupplier cancelled) {
      this.cancelled = cancelled;
      return this;
    }

    /** The request. */
    public RunRequest build() {
      return new RunRequest(taskId, template, parameters, secrets, user, workspace, dryRun,
          completedSteps, checkpoints, cancelled);
    }
  }
}
