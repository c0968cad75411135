package dev.greenroom.examples.springboot;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.scaffolder.action.ActionContext;
import dev.greenroom.scaffolder.action.ActionException;
import dev.greenroom.scaffolder.action.TemplateAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.databind.JsonNode;

/**
 * {@code example:greet}: writes {@code GREETING.md} with a greeting for {@code input.name} into the
 * workspace and outputs the greeting as {@code greeting}. It writes only inside the workspace, so
 * it runs in dry runs too.
 */
public final class GreetAction implements TemplateAction {
  /** The action id. */
  public static final String ID = "example:greet";

  private static final JsonNode INPUT_SCHEMA = Json.parse("""
      {"type": "object", "required": ["name"],
       "properties": {"name": {"type": "string", "minLength": 1, "maxLength": 100,
                               "description": "Who to greet"}}}
      """);

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String description() {
    return "Writes GREETING.md with a greeting for input.name";
  }

  @Override
  public JsonNode inputSchema() {
    return INPUT_SCHEMA.deepCopy();
  }

  @Override
  public boolean supportsDryRun() {
    return true;
  }

  @Override
  public void execute(ActionContext ctx) throws Exception {
    String name = ctx.input().path("name").asString("").strip();
    if (name.isEmpty()) {
      throw new ActionException(ID + ": input.name must not be empty");
    }
    String greeting = "Hello, " + name + "!";
    Path file = ctx.resolve("GREETING.md");
    Files.writeString(file, "# " + greeting + "\n", StandardCharsets.UTF_8);
    ctx.log("wrote GREETING.md");
    ctx.output("greeting", greeting);
  }
}
