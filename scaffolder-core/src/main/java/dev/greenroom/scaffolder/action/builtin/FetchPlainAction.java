package dev.greenroom.scaffolder.action.builtin;

import dev.greenroom.scaffolder.action.ActionContext;
import dev.greenroom.scaffolder.action.ActionEnvironment;
import dev.greenroom.scaffolder.action.ActionExample;
import dev.greenroom.scaffolder.action.SafePaths;

/** {@code fetch:plain}: copies a directory tree into the workspace, unchanged. */
public final class FetchPlainAction extends BuiltinAction {
  private final Fetcher fetcher;

  /** The action over the host's services. */
  public FetchPlainAction(ActionEnvironment env) {
    super("fetch:plain", "Downloads content and places it in the workspace, or optionally in a"
        + " subdirectory specified by the targetPath input option.", """
        {"type":"object","required":["url"],"properties":{
          "url":{"type":"string","description":"Relative path or absolute URL pointing to the directory tree to fetch"},
          "targetPath":{"type":"string","description":"Target path within the working directory to download the contents to."},
          "token":{"type":"string"}}}""", null,
        new ActionExample("Downloads content and places it in the workspace.", """
            steps:
              - action: fetch:plain
                id: fetch-plain
                name: Fetch plain
                input:
                  url: ./plain
            """));
    this.fetcher = new Fetcher(env);
  }

  @Override
  public boolean supportsDryRun() {
    return true;
  }

  @Override
  public void execute(ActionContext ctx) throws Exception {
    String url = required(ctx, "url", id());
    String target = text(ctx, "targetPath");
    ctx.log("Fetching plain content from " + url);
    fetcher.fetchTree(ctx, url,
        SafePaths.resolve(ctx.workspace(), target == null ? "./" : target, "targetPath"));
  }
}
