package dev.greenroom.scaffolder.action.builtin;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.scaffolder.action.ActionContext;
import dev.greenroom.scaffolder.action.SafePaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import tools.jackson.databind.node.ArrayNode;

/** {@code fs:readdir}: lists files and folders of workspace directories. */
public final class FsReaddirAction extends BuiltinAction {
  /** The action. */
  public FsReaddirAction() {
    super("fs:readdir", "Reads files and directories from the workspace", """
        {"type":"object","required":["paths"],"properties":{
          "paths":{"type":"array","items":{"type":"string"}},
          "recursive":{"type":"boolean","default":false}}}""", """
        {"type":"object","properties":{
          "files":{"type":"array","items":{"type":"object","properties":{"name":{"type":"string"},"path":{"type":"string"},"fullPath":{"type":"string"}}}},
          "folders":{"type":"array","items":{"type":"object","properties":{"name":{"type":"string"},"path":{"type":"string"},"fullPath":{"type":"string"}}}}}}""");
  }

  @Override
  public boolean supportsDryRun() {
    return true;
  }

  @Override
  public void execute(ActionContext ctx) throws Exception {
    Path ws = ctx.workspace();
    boolean recursive = flag(ctx, "recursive");
    ArrayNode files = Json.nodes().arrayNode();
    ArrayNode folders = Json.nodes().arrayNode();
    for (String p : strings(ctx, "paths")) {
      Path dir = SafePaths.resolve(ws, p, "paths entry");
      List<Path> entries;
      try (Stream<Path> s = recursive ? Files.walk(dir) : Files.list(dir)) {
        entries = s.filter(x -> !x.equals(dir)).sorted().toList();
      }
      for (Path e : entries) {
        var o = (Files.isDirectory(e) ? folders : files).addObject();
        o.put("name", e.getFileName().toString());
        o.put("path", ws.relativize(e).toString().replace('\\', '/'));
        o.put("fullPath", e.toString());
      }
    }
    ctx.output("files", files);
    ctx.output("folders", folders);
  }
}
