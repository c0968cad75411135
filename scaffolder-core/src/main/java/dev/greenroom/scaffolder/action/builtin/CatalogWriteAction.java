package dev.greenroom.scaffolder.action.builtin;

import dev.greenroom.scaffolder.action.ActionContext;
import dev.greenroom.scaffolder.action.ActionException;
import dev.greenroom.scaffolder.action.SafePaths;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * {@code catalog:write}: writes an entity as YAML into the workspace, annotated with {@code
 * backstage.io/source-template} (the template's ref).
 */
public final class CatalogWriteAction extends BuiltinAction {
  private static final YAMLMapper YAML = YAMLMapper.builder()
      .enable(YAMLWriteFeature.MINIMIZE_QUOTES)
      .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
      .build();

  /** The action. */
  public CatalogWriteAction() {
    super("catalog:write", "Writes the catalog-info.yaml for your template", """
        {"type":"object","required":["entity"],"properties":{
          "filePath":{"type":"string","description":"Defaults to catalog-info.yaml"},
          "entity":{"type":"object","description":"You can provide the same values used in the Entity schema."}}}""",
        null);
  }

  @Override
  public boolean supportsDryRun() {
    return true;
  }

  @Override
  public void execute(ActionContext ctx) throws Exception {
    JsonNode entity = ctx.input().get("entity");
    if (!(entity instanceof ObjectNode e)) {
      throw new ActionException("catalog:write: entity must be an object");
    }
    String filePath = text(ctx, "filePath");
    Path target = SafePaths.resolve(ctx.workspace(),
        filePath == null ? "catalog-info.yaml" : filePath, "filePath");
    ObjectNode copy = e.deepCopy();
    ObjectNode metadata = copy.get("metadata") instanceof ObjectNode m ? m : copy.putObject("metadata");
    ObjectNode annotations = metadata.get("annotations") instanceof ObjectNode a ? a
        : metadata.putObject("annotations");
    annotations.put("backstage.io/source-template", ctx.templateRef());
    ctx.log("Writing catalog-info.yaml");
    Files.createDirectories(target.getParent());
    Files.writeString(target, YAML.writeValueAsString(copy));
  }
}
