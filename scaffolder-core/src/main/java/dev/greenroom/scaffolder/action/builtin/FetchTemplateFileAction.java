package dev.greenroom.scaffolder.action.builtin;

import dev.greenroom.scaffolder.action.ActionContext;
import dev.greenroom.scaffolder.action.ActionEnvironment;
import dev.greenroom.scaffolder.action.SafePaths;
import dev.greenroom.scaffolder.render.TemplateRenderer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.databind.JsonNode;

/** {@code fetch:template:file}: fetches one file, renders it with {@code values}, writes it. */
public final class FetchTemplateFileAction extends BuiltinAction {
  private final Fetcher fetcher;
  private final TemplateRenderer renderer;

  /** The action over the host's services. */
  public FetchTemplateFileAction(ActionEnvironment env) {
    super("fetch:template:file", "Downloads a single file and templates variables into the file."
        + " Then places the resulting file into the workspace.", """
        {"type":"object","required":["url","targetPath"],"properties":{
          "url":{"type":"string"},
          "targetPath":{"type":"string"},
          "values":{"type":"object"},
          "cookiecutterCompat":{"type":"boolean"},
          "replace":{"type":"boolean"},
          "trimBlocks":{"type":"boolean"},
          "lstripBlocks":{"type":"boolean"},
          "token":{"type":"string"}}}""", null);
    this.fetcher = new Fetcher(env);
    this.renderer = env.renderer();
  }

  @Override
  public boolean supportsDryRun() {
    return true;
  }

  @Override
  public void execute(ActionContext ctx) throws Exception {
    String url = required(ctx, "url", id());
    String targetPath = required(ctx, "targetPath", id());
    Path target = SafePaths.resolve(ctx.workspace(), targetPath, "targetPath");
    if (Files.exists(target) && !flag(ctx, "replace")) {
      ctx.log("File " + targetPath + " already exists in workspace, not replacing.");
      return;
    }
    byte[] content = fetcher.fetchFile(ctx, url);
    JsonNode values = ctx.input().has("values") ? ctx.input().get("values")
        : dev.greenroom.catalog.json.Json.object();
    TemplateRenderer.Options o = new TemplateRenderer.Options(flag(ctx, "cookiecutterCompat"),
        flag(ctx, "trimBlocks"), flag(ctx, "lstripBlocks"));
    String out = renderer.renderFile(url, new String(content, StandardCharsets.UTF_8), values, o);
    Files.createDirectories(target.getParent());
    Files.writeString(target, out);
  }
}
