package dev.greenroom.scaffolder.action.builtin;

import dev.greenroom.scaffolder.action.ActionContext;
import dev.greenroom.scaffolder.action.ActionEnvironment;
import dev.greenroom.scaffolder.action.ActionExample;
import java.nio.file.Path;

/**
 * {@code fetch:template}: fetches a skeleton directory (relative to the template, or a URL read
 * through the host's readers) and renders it into the workspace with {@link SkeletonRenderer}.
 */
public final class FetchTemplateAction extends BuiltinAction {
  private final Fetcher fetcher;
  private final SkeletonRenderer skeletons;

  /** The action over the host's services. */
  public FetchTemplateAction(ActionEnvironment env) {
    super("fetch:template", "Downloads a skeleton, templates variables into file and directory"
        + " names and content, and places the result in the workspace, or optionally in a"
        + " subdirectory specified by the targetPath input option.", """
        {"type":"object","required":["url"],"properties":{
          "url":{"type":"string","description":"Relative path or absolute URL pointing to the directory tree to fetch"},
          "targetPath":{"type":"string","description":"Target path within the working directory to generate contents to. Defaults to the working directory root."},
          "values":{"type":"object","description":"Values to pass on to the templating engine"},
          "copyWithoutRender":{"type":"array","items":{"type":"string"},"description":"Deprecated: globs of files and directories to copy as they are, paths included."},
          "copyWithoutTemplating":{"type":"array","items":{"type":"string"},"description":"Globs of files and directories whose contents are copied without templating; their paths are still rendered."},
          "cookiecutterCompat":{"type":"boolean","description":"Enable features to maximise compatibility with templates built for fetch:cookiecutter"},
          "templateFileExtension":{"type":["string","boolean"],"description":"If set, only files with the given extension will be templated. If set to true, the default extension .njk is used."},
          "replace":{"type":"boolean","description":"If set, replace files in targetPath instead of skipping existing ones."},
          "trimBlocks":{"type":"boolean"},
          "lstripBlocks":{"type":"boolean"},
          "token":{"type":"string"}}}""", null,
        new ActionExample("Downloads a skeleton directory that lives alongside the template file"
            + " and fills it out with values.", """
            steps:
              - action: fetch:template
                id: fetch-template
                name: Fetch template
                input:
                  url: ./skeleton
                  values:
                    name: test-project
                    count: 1234
                    itemList: ['first', 'second', 'third']
                    showDummyFile: false
            """));
    this.fetcher = new Fetcher(env);
    this.skeletons = new SkeletonRenderer(env.renderer());
  }

  @Override
  public boolean supportsDryRun() {
    return true;
  }

  @Override
  public void execute(ActionContext ctx) throws Exception {
    String url = required(ctx, "url", id());
    skeletons.render(ctx, id(), () -> {
      Path templateDir = ctx.createTemporaryDirectory().resolve("template");
      ctx.log("Fetching template content from remote URL");
      fetcher.fetchTree(ctx, url, templateDir);
      return templateDir;
    });
  }
}
