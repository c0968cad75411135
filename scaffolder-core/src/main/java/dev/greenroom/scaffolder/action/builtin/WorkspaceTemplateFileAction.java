package dev.greenroom.scaffolder.action.builtin;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.scaffolder.action.ActionContext;
import dev.greenroom.scaffolder.action.ActionEnvironment;
import dev.greenroom.scaffolder.action.ActionException;
import dev.greenroom.scaffolder.action.SafePaths;
import dev.greenroom.scaffolder.render.TemplateRenderer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.databind.JsonNode;

/**
 * {@code workspace:template:file}: renders one file of the workspace with {@code values} into
 * another place of the workspace, as {@code fetch:template:file} renders a fetched file.
 */
public final class WorkspaceTemplateFileAction extends BuiltinAction {
  /** The largest file rendered; a skeleton file is text written by people. */
  private static final long MAX_FILE_BYTES = 10L * 1024 * 1024;

  private final TemplateRenderer renderer;

  /** The action over the host's services. */
  public WorkspaceTemplateFileAction(ActionEnvironment env) {
    super("workspace:template:file", "Templates variables into a single workspace file, placing"
        + " the result into another location in the workspace.", """
        {"type":"object","required":["sourcePath","targetPath"],"properties":{
          "sourcePath":{"type":"string","description":"Path in workspace to source file."},
          "targetPath":{"type":"string","description":"Target path in workspace."},
          "values":{"type":"object","description":"Values to pass to the templating engine."},
          "cookiecutterCompat":{"type":"boolean","description":"Enable features to maximise compatibility with templates built for fetch:cookiecutter"},
          "replace":{"type":"boolean","description":"If set, replace files in targetPath instead of skipping existing ones."},
          "trimBlocks":{"type":"boolean"},
          "lstripBlocks":{"type":"boolean"}}}""", null);
    this.renderer = env.renderer();
  }

  @Override
  public boolean supportsDryRun() {
    return true;
  }

  @Override
  public void execute(ActionContext ctx) throws Exception {
    String sourcePath = required(ctx, "sourcePath", id());
    String targetPath = required(ctx, "targetPath", id());
    Path source = SafePaths.resolve(ctx.workspace(), sourcePath, "sourcePath");
    Path target = SafePaths.resolve(ctx.workspace(), targetPath, "targetPath");
    if (!Files.isRegularFile(source)) {
      throw new ActionException(id() + ": sourcePath '" + sourcePath
          + "' is not a file of the workspace");
    }
    if (Files.size(source) > MAX_FILE_BYTES) {
      throw new ActionException(id() + ": sourcePath '" + sourcePath + "' is larger than "
          + MAX_FILE_BYTES + " bytes");
    }
    if (Files.exists(target) && !flag(ctx, "replace")) {
      ctx.log("File " + targetPath + " already exists in workspace, not replacing.");
      return;
    }
    JsonNode values = ctx.input().has("values") ? ctx.input().get("values") : Json.object();
    TemplateRenderer.Options o = new TemplateRenderer.Options(flag(ctx, "cookiecutterCompat"),
        flag(ctx, "trimBlocks"), flag(ctx, "lstripBlocks"));
    String out = renderer.renderFile(sourcePath,
        Files.readString(source, StandardCharsets.UTF_8), values, o);
    Files.createDirectories(target.getParent());
    Files.writeString(target, out);
  }
}
