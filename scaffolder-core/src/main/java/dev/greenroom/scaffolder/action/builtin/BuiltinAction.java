package dev.greenroom.scaffolder.action.builtin;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.scaffolder.action.ActionContext;
import dev.greenroom.scaffolder.action.ActionException;
import dev.greenroom.scaffolder.action.ActionExample;
import dev.greenroom.scaffolder.action.TemplateAction;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** Common fields of the built-ins: id, description, schemas given as JSON text. */
abstract class BuiltinAction implements TemplateAction {
  private final String id;
  private final String description;
  private final JsonNode input;
  private final @Nullable JsonNode output;
  private final List<ActionExample> examples;

  BuiltinAction(String id, String description, String inputSchema, @Nullable String outputSchema,
      ActionExample... examples) {
    this.id = id;
    this.description = description;
    this.input = dev.greenroom.scaffolder.action.Actions.closedInput(Json.parse(inputSchema));
    this.output = outputSchema == null ? null : Json.parse(outputSchema);
    this.examples = List.of(examples);
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public List<ActionExample> examples() {
    return examples;
  }

  @Override
  public JsonNode inputSchema() {
    return input.deepCopy();
  }

  @Override
  public @Nullable JsonNode outputSchema() {
    return output == null ? null : output.deepCopy();
  }

  static @Nullable String text(ActionContext ctx, String field) {
    JsonNode n = ctx.input().get(field);
    return n == null || n.isNull() ? null : n.isString() ? n.stringValue() : n.toString();
  }

  static String required(ActionContext ctx, String field, String action) {
    String v = text(ctx, field);
    if (v == null || v.isEmpty()) {
      throw new ActionException(action + ": input " + field + " is required");
    }
    return v;
  }

  static boolean flag(ActionContext ctx, String field) {
    JsonNode n = ctx.input().get(field);
    return n != null && (n.isBoolean() ? n.booleanValue() : n.isString() && "true".equals(n.stringValue()));
  }

  static List<String> strings(ActionContext ctx, String field) {
    List<String> out = new ArrayList<>();
    JsonNode n = ctx.input().get(field);
    if (n != null && n.isArray()) {
      for (JsonNode c : n) {
        out.add(c.isString() ? c.stringValue() : c.toString());
      }
    }
    return out;
  }
}
