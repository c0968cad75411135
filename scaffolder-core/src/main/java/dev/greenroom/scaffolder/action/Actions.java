package dev.greenroom.scaffolder.action;

import dev.greenroom.scaffolder.action.builtin.ApprovalRequestAction;
import dev.greenroom.scaffolder.action.builtin.CatalogFetchAction;
import dev.greenroom.scaffolder.action.builtin.CatalogRegisterAction;
import dev.greenroom.scaffolder.action.builtin.CatalogWriteAction;
import dev.greenroom.scaffolder.action.builtin.DebugLogAction;
import dev.greenroom.scaffolder.action.builtin.DebugWaitAction;
import dev.greenroom.scaffolder.action.builtin.FetchPlainAction;
import dev.greenroom.scaffolder.action.builtin.FetchPlainFileAction;
import dev.greenroom.scaffolder.action.builtin.FetchTemplateAction;
import dev.greenroom.scaffolder.action.builtin.FetchTemplateFileAction;
import dev.greenroom.scaffolder.action.builtin.FsDeleteAction;
import dev.greenroom.scaffolder.action.builtin.FsReaddirAction;
import dev.greenroom.scaffolder.action.builtin.FsRenameAction;
import dev.greenroom.scaffolder.action.builtin.PublishGitAction;
import dev.greenroom.scaffolder.action.builtin.WorkspaceTemplateAction;
import dev.greenroom.scaffolder.action.builtin.WorkspaceTemplateFileAction;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The built-in actions, and opt-in discovery of others. */
public final class Actions {
  private Actions() {}

  /**
   * The built-ins, over the host's services: {@code fetch:plain}, {@code fetch:plain:file}, {@code
   * fetch:template}, {@code fetch:template:file}, {@code workspace:template}, {@code
   * workspace:template:file}, {@code debug:log}, {@code debug:wait}, {@code
   * fs:delete}, {@code fs:rename}, {@code fs:readdir}, {@code catalog:write}, {@code
   * catalog:fetch}, {@code catalog:register}, {@code publish:git}, {@code approval:request}.
   */
  public static List<TemplateAction> defaults(ActionEnvironment env) {
    return List.of(
        new FetchPlainAction(env),
        new FetchPlainFileAction(env),
        new FetchTemplateAction(env),
        new FetchTemplateFileAction(env),
        new WorkspaceTemplateAction(env),
        new WorkspaceTemplateFileAction(env),
        new DebugLogAction(),
        new DebugWaitAction(),
        new FsDeleteAction(),
        new FsRenameAction(),
        new FsReaddirAction(),
        new CatalogWriteAction(),
        new CatalogFetchAction(env),
        new CatalogRegisterAction(env),
        new PublishGitAction(env),
        new ApprovalRequestAction());
  }

  /**
   * The built-ins without host services ({@link ActionEnvironment#minimal()}): fetching reads
   * {@code file:} URLs only, and the catalog actions fail with a clear message.
   */
  public static List<TemplateAction> defaults() {
    return defaults(ActionEnvironment.minimal());
  }

  /**
   * The actions listed in {@code META-INF/services/dev.greenroom.scaffolder.action.TemplateAction}
   * on the class path (each needs a public no-argument constructor). Opt-in: nothing is
   * discovered unless the host calls this.
   */
  public static List<TemplateAction> discover() {
    return discover(Thread.currentThread().getContextClassLoader());
  }

  /** As {@link #discover()}, with the given class loader. */
  public static List<TemplateAction> discover(ClassLoader loader) {
    List<TemplateAction> out = new ArrayList<>();
    for (TemplateAction a : ServiceLoader.load(TemplateAction.class, loader)) {
      out.add(a);
    }
    return out;
  }

  /**
   * {@code schema} with {@code "additionalProperties": false} wherever an object schema lists its
   * {@code properties} and says nothing about others (at the top and in {@code anyOf} / {@code
   * oneOf} branches), as Backstage's actions declare their inputs (zod objects are strict in its
   * JSON schemas): an input a template names but the action does not know fails the step with
   * {@code Invalid input passed to action ..., instance is not allowed to have the additional
   * property "x"} instead of being ignored. The built-in and publishing actions pass their input
   * schemas through this; a schema that wants open inputs says {@code "additionalProperties":
   * true}.
   */
  public static JsonNode closedInput(JsonNode schema) {
    JsonNode out = schema.deepCopy();
    close(out);
    return out;
  }

  private static void close(JsonNode schema) {
    if (!(schema instanceof ObjectNode o)) {
      return;
    }
    if (o.get("properties") instanceof ObjectNode
        && !o.has("additionalProperties")) {
      o.put("additionalProperties", false);
    }
    for (String k : List.of("anyOf", "oneOf")) {
      if (o.get(k) instanceof ArrayNode a) {
        a.forEach(Actions::close);
      }
    }
  }
}
