package dev.greenroom.scaffolder.action.builtin;

import dev.greenroom.scaffolder.action.ActionContext;
import dev.greenroom.scaffolder.action.ActionEnvironment;
import dev.greenroom.scaffolder.action.SafePaths;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code fetch:plain:file}: copies one file into the workspace, unchanged. */
public final class FetchPlainFileAction extends BuiltinAction {
  private final Fetcher fetcher;

  /** The action over the host's services. */
  public FetchPlainFileAction(ActionEnvironment env) {
    super("fetch:plain:file", "Downloads single file and places it in the workspace.", """
        {"type":"object","required":["url","targetPath"],"properties":{
          "url":{"type":"string","description":"Relative path or absolute URL pointing to the single file to fetch."},
          "targetPath":{"type":"string","description":"Target path within the working directory to download the file as."},
          "token":{"type":"string"}}}""", null);
    this.fetcher = new Fetcher(env);
  }

  @Override
  public boolean supportsDryRun() {
    return true;
  }

  @Override
  public void execute(ActionContext ctx) throws Exception {
    String url = required(ctx, "url", id());
    Path target = SafePaths.resolve(ctx.workspace(), required(ctx, "targetPath", id()),
        "targetPath");
    ctx.log("Fetching plain file from " + url);
    byte[] content = fetcher.fetchFile(ctx, url);
    Files.createDirectories(target.getParent());
    Files.write(target, content);
  }
}
