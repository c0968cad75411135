package dev.greenroom.scaffolder.action.builtin;

import dev.greenroom.scaffolder.action.ActionContext;
import dev.greenroom.scaffolder.action.ActionEnvironment;
import dev.greenroom.scaffolder.action.ActionException;
import dev.greenroom.scaffolder.action.SafePaths;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code workspace:template}: renders a skeleton folder that is already in the workspace (written
 * by an earlier step) into another folder of the workspace, as {@code fetch:template} renders a
 * fetched one ({@link SkeletonRenderer}). The target must not overlap the source.
 */
public final class WorkspaceTemplateAction extends BuiltinAction {
  private final SkeletonRenderer skeletons;

  /** The action over the host's services. */
  public WorkspaceTemplateAction(ActionEnvironment env) {
    super("workspace:template", "Templates variables into file and directory names and content"
        + " of `sourcePath` in the action context workspace. Then places the result into a"
        + " subdirectory of the workspace specified by the `targetPath` input option.", """
        {"type":"object","required":["sourcePath","targetPath"],"properties":{
          "sourcePath":{"type":"string","description":"Path within the working directory denoting source template."},
          "targetPath":{"type":"string","description":"Target path within the working directory to download the contents to; must not overlap sourcePath."},
          "values":{"type":"object","description":"Values to pass on to the templating engine"},
          "copyWithoutTemplating":{"type":"array","items":{"type":"string"},"description":"Globs of files and directories whose contents are copied without templating; their paths are still rendered."},
          "cookiecutterCompat":{"type":"boolean","description":"Enable features to maximise compatibility with templates built for fetch:cookiecutter"},
          "templateFileExtension":{"type":["string","boolean"],"description":"If set, only files with the given extension will be templated. If set to true, the default extension .njk is used."},
          "replace":{"type":"boolean","description":"If set, replace files in targetPath instead of skipping existing ones."},
          "trimBlocks":{"type":"boolean"},
          "lstripBlocks":{"type":"boolean"}}}""", null);
    this.skeletons = new SkeletonRenderer(env.renderer());
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
    if (source.startsWith(target) || target.startsWith(source)) {
      throw new ActionException(id() + ": targetPath '" + targetPath
          + "' must not overlap sourcePath '" + sourcePath + "'");
    }
    if (!Files.isDirectory(source)) {
      throw new ActionException(id() + ": sourcePath '" + sourcePath
          + "' is not a folder of the workspace");
    }
    skeletons.render(ctx, id(), () -> source);
  }
}
