package dev.greenroom.scaffolder.action.builtin;

import dev.greenroom.scaffolder.action.ActionContext;
import dev.greenroom.scaffolder.action.ActionException;
import dev.greenroom.scaffolder.action.SafePaths;
import dev.greenroom.scaffolder.template.TemplateProvenance;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * {@code catalog:write}: writes an entity as YAML into the workspace, annotated with {@code
 * backstage.io/source-template} (the template's ref, as Backstage writes it) and Greenroom's {@code
 * scaffolder.greenroom.dev/template-version}; the values the task used (secrets excluded) go to
 * {@code .greenroom/template-values.json} next to the catalog file ({@link TemplateProvenance}), so
 * that the entity can later be upgraded to a newer version of its template. A dry run writes only
 * Backstage's annotation, so that its output stays Backstage's.
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
    annotations.put(TemplateProvenance.SOURCE_TEMPLATE_ANNOTATION, ctx.templateRef());
    // a dry run answers as Backstage's does (its golden outputs carry no Greenroom keys)
    TemplateProvenance provenance = ctx.isDryRun() ? null : ctx.provenance();
    if (provenance != null) {
      annotations.put(TemplateProvenance.VERSION_ANNOTATION, provenance.version());
    }
    ctx.log("Writing catalog-info.yaml");
    Files.createDirectories(target.getParent());
    Files.writeString(target, YAML.writeValueAsString(copy));
    if (provenance != null) {
      Path values = target.getParent().resolve(TemplateProvenance.VALUES_FILE);
      Files.createDirectories(values.getParent());
      Files.writeString(values, dev.greenroom.catalog.json.Json.mapper()
          .writerWithDefaultPrettyPrinter().writeValueAsString(provenance.toJson()) + "\n");
    }
  }
}
