package dev.greenroom.scaffolder.action;

import dev.greenroom.scaffolder.template.TemplateUser;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What an action gets for one call (Backstage's handler {@code ctx}).
 *
 * <p>File access goes through {@link #resolve(String)}: every path an action touches stays inside
 * the task's workspace. Logging goes through {@link #log(String)}, which masks secret values.
 */
public interface ActionContext {

  /** The rendered, schema-validated input (an object). */
  ObjectNode input();

  /** The task's workspace directory (shared by all steps of the task). */
  Path workspace();

  /**
   * A path inside the workspace.
   *
   * @param relative a relative path such as {@code ./src} or {@code docs/index.md}; empty or
   *     {@code .} is the workspace itself
   * @return the normalised absolute path
   * @throws ActionException when the path is absolute or leaves the workspace ({@code ../}),
   *     naming the path
   */
  Path resolve(String relative);

  /**
   * Sets an output, visible to later steps as {@code steps.<id>.output.<name>}. In {@code each}
   * steps, the values of all iterations are gathered into an array.
   */
  void output(String name, JsonNode value);

  /** Sets a string output. */
  default void output(String name, String value) {
    output(name, dev.greenroom.catalog.json.Json.nodes().stringNode(value));
  }

  /** Logs a line for the task's event log; secret values are replaced by {@code ***}. */
  void log(String message);

  /** Creates a temporary directory for this step; it is deleted when the step ends. */
  Path createTemporaryDirectory();

  /** True in a dry run (only actions that {@link TemplateAction#supportsDryRun()} see this). */
  boolean isDryRun();

  /** The user who started the task. */
  TemplateUser user();

  /** The task secrets (for actions that need a token); never log them. */
  Map<String, String> secrets();

  /** The task id. */
  String taskId();

  /** The step being run: its id. */
  String stepId();

  /** The running template's ref, {@code template:<ns>/<name>}. */
  String templateRef();

  /**
   * Which template, at which version and with which values (secrets excluded), this run is: what
   * {@code catalog:write} records so that the entity can be upgraded later. Null when the context
   * does not know (a context made by a host for a single action).
   */
  default dev.greenroom.scaffolder.template.@Nullable TemplateProvenance provenance() {
    return null;
  }

  /** The directory relative {@code url} inputs resolve against, or null. */
  @Nullable String templateBaseUrl();

  /** The current {@code each} item ({@code {key, value}}), or null outside {@code each} steps. */
  @Nullable JsonNode each();

  /**
   * Runs {@code work} once per task: if an earlier run of this task stored a result under {@code
   * key} for this step, that result is returned and {@code work} is not run; otherwise {@code work}
   * runs and its result is stored (a failure is stored as failed and rethrown). Use it around
   * effects that must not happen twice (creating a repository) so that a retried task resumes.
   */
  JsonNode checkpoint(String key, Supplier<JsonNode> work);

  /** True once the task was cancelled; long actions poll it and stop early. */
  boolean isCancelled();
}
