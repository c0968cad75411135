package dev.greenroom.scaffolder.action.builtin;

import dev.greenroom.scaffolder.action.ActionContext;
import dev.greenroom.scaffolder.action.ActionExample;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/** {@code debug:log}: writes a message and optionally the workspace's files to the log. */
public final class DebugLogAction extends BuiltinAction {
  /** The action. */
  public DebugLogAction() {
    super("debug:log", "Writes a message into the log and/or lists all files in the workspace.",
        """
        {"type":"object","properties":{
          "message":{"type":"string","title":"Message to output."},
          "listWorkspace":{"description":"List all files in the workspace. If used with \\"with-contents\\", also the file contents.",
            "anyOf":[{"type":"boolean"},{"type":"string","enum":["with-filenames","with-contents"]}]},
          "extra":{"description":"Extra info to log (any JSON value)."}}}""", null,
        new ActionExample("Write a debug message", """
            steps:
              - action: debug:log
                id: write-debug-line
                name: Write "Hello Backstage!" log line
                input:
                  message: Hello Backstage!
            """));
  }

  @Override
  public boolean supportsDryRun() {
    return true;
  }

  @Override
  public void execute(ActionContext ctx) throws Exception {
    String message = text(ctx, "message");
    if (message != null) {
      ctx.log(message);
    }
    JsonNode extra = ctx.input().get("extra");
    if (extra != null) {
      ctx.log(extra.isString() ? extra.stringValue() : extra.toString());
    }
    JsonNode lw = ctx.input().get("listWorkspace");
    if (lw == null || (lw.isBoolean() && !lw.booleanValue())) {
      return;
    }
    boolean contents = lw.isString() && "with-contents".equals(lw.stringValue());
    Path ws = ctx.workspace();
    List<Path> files;
    try (Stream<Path> s = Files.walk(ws)) {
      files = s.filter(Files::isRegularFile).sorted().toList();
    }
    StringBuilder sb = new StringBuilder("Workspace:\n");
    for (Path f : files) {
      String rel = ws.relativize(f).toString().replace('\\', '/');
      sb.append(" - ").append(rel);
      if (contents) {
        sb.append(":\n\n  ").append(new String(Files.readAllBytes(f), StandardCharsets.UTF_8)
            .replace("\n", "\n  "));
      }
      sb.append('\n');
    }
    ctx.log(sb.toString().stripTrailing());
  }
}
