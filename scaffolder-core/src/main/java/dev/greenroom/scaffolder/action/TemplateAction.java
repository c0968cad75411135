package dev.greenroom.scaffolder.action;

import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * An action a template step can call ({@code action: fetch:template}), Backstage's {@code
 * TemplateAction}. Built-ins implement this same interface; hosts register their own on {@link
 * dev.greenroom.scaffolder.Scaffolder.Builder#action(TemplateAction)} or list them in {@code
 * META-INF/services/dev.greenroom.scaffolder.action.TemplateAction} for {@link Actions#discover()}.
 *
 * <p>Implementations must be thread-safe and keep no per-run state: one instance serves every
 * run, and everything about the run comes through the {@link ActionContext}.
 */
public interface TemplateAction {

  /** The unique id steps name, e.g. {@code fetch:template}, {@code acme:file:create}. */
  String id();

  /** One sentence for {@code GET /v2/actions}; empty by default. */
  default String description() {
    return "";
  }

  /** Usage examples for {@code GET /v2/actions}; none by default. */
  default List<ActionExample> examples() {
    return List.of();
  }

  /**
   * The JSON Schema of the input. The runner validates each rendered input against it before
   * calling {@link #execute} and refuses the step with the schema's errors; null means any object.
   */
  default @Nullable JsonNode inputSchema() {
    return null;
  }

  /**
   * The JSON Schema of the outputs ({@code {type: object, properties: {...}}}); in a dry run an
   * action that does not support dry runs gets its output made from this schema's {@code
   * examples}/{@code default} values. Null when the action has no outputs.
   */
  default @Nullable JsonNode outputSchema() {
    return null;
  }

  /**
   * Whether the action may run in a dry run (it then must have no effect outside the workspace,
   * checking {@link ActionContext#isDryRun()}). False by default: the runner skips it.
   */
  default boolean supportsDryRun() {
    return false;
  }

  /**
   * Does the work. Called once per step (once per item for {@code each} steps), on the task's
   * thread, after the input was rendered and validated.
   *
   * @param context the rendered input, workspace, outputs, logger and signals of this call
   * @throws ActionException (or any runtime exception) to fail the step; the message is masked and
   *     becomes the step's error
   * @throws Exception checked exceptions are wrapped by the runner the same way
   */
  void execute(ActionContext context) throws Exception;
}
