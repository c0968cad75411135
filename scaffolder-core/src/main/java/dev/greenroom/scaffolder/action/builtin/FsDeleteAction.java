package dev.greenroom.scaffolder.action.builtin;

import dev.greenroom.scaffolder.action.ActionContext;
import dev.greenroom.scaffolder.action.ActionException;
import dev.greenroom.scaffolder.action.SafePaths;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** {@code fs:delete}: deletes files and directories of the workspace (globs allowed). */
public final class FsDeleteAction extends BuiltinAction {
  /** The action. */
  public FsDeleteAction() {
    super("fs:delete", "Deletes files and directories from the workspace", """
        {"type":"object","required":["files"],"properties":{
          "files":{"type":"array","items":{"type":"string"},
            "description":"A list of files and directories that will be deleted; wildcards such as *.txt are allowed"}}}""",
        null);
  }

  @Override
  public boolean supportsDryRun() {
    return true;
  }

  @Override
  public void execute(ActionContext ctx) throws Exception {
    if (!ctx.input().path("files").isArray()) {
      throw new ActionException("fs:delete: files must be an array");
    }
    Path ws = ctx.workspace();
    for (String f : strings(ctx, "files")) {
      if (f.contains("*") || f.contains("?") || f.contains("{") || f.contains("[")) {
        // refuse patterns that try to leave the workspace before matching anything
        SafePaths.resolve(ws, f.replaceAll("[*?\\[\\]{}]", "x"), "files entry");
        PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + f);
        List<Path> hits;
        try (Stream<Path> s = Files.walk(ws)) {
          hits = s.filter(p -> !p.equals(ws) && m.matches(ws.relativize(p))).toList();
        }
        for (Path p : hits) {
          deleteTree(p);
          ctx.log("File " + ws.relativize(p).toString().replace('\\', '/') + " deleted successfully");
        }
      } else {
        Path p = SafePaths.resolve(ws, f, "files entry");
        if (p.equals(ws)) {
          throw new ActionException("fs:delete: refusing to delete the workspace itself");
        }
        deleteTree(p);
        ctx.log("File " + f + " deleted successfully");
      }
    }
  }

  static void deleteTree(Path p) throws java.io.IOException {
    if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (Files.isSymbolicLink(p) || !Files.isDirectory(p)) {
      Files.delete(p);
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(x);
      }
    }
  }
}
