package dev.greenroom.scaffolder.action.builtin;

import dev.greenroom.scaffolder.action.ActionContext;
import dev.greenroom.scaffolder.action.ActionException;
import dev.greenroom.scaffolder.action.SafePaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import tools.jackson.databind.JsonNode;

/** {@code fs:rename}: moves files and directories inside the workspace. */
public final class FsRenameAction extends BuiltinAction {
  /** The action. */
  public FsRenameAction() {
    super("fs:rename", "Renames files or directories in the workspace", """
        {"type":"object","required":["files"],"properties":{
          "files":{"type":"array","items":{"type":"object","required":["from","to"],"properties":{
            "from":{"type":"string","description":"The source location of the file to be renamed"},
            "to":{"type":"string","description":"The destination of the new file"},
            "overwrite":{"type":"boolean","description":"Overwrite existing file or directory, default is false"}}}}}}""",
        null);
  }

  @Override
  public boolean supportsDryRun() {
    return true;
  }

  @Override
  public void execute(ActionContext ctx) throws Exception {
    Path ws = ctx.workspace();
    for (JsonNode f : ctx.input().path("files")) {
      String from = f.path("from").asString("");
      String to = f.path("to").asString("");
      if (from.isEmpty() || to.isEmpty()) {
        throw new ActionException("fs:rename: each file needs from and to");
      }
      Path src = SafePaths.resolve(ws, from, "from");
      Path dst = SafePaths.resolve(ws, to, "to");
      if (!Files.exists(src)) {
        throw new ActionException("fs:rename: " + from + " does not exist");
      }
      boolean overwrite = f.path("overwrite").asBoolean(false);
      if (Files.exists(dst)) {
        if (!overwrite) {
          throw new ActionException("fs:rename: " + to + " already exists");
        }
        FsDeleteAction.deleteTree(dst);
      }
      Files.createDirectories(dst.getParent());
      Files.move(src, dst, StandardCopyOption.REPLACE_EXISTING);
      ctx.log("File " + from + " renamed to " + to + " successfully");
    }
  }
}
