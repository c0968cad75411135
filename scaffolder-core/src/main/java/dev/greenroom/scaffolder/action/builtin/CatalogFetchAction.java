package dev.greenroom.scaffolder.action.builtin;

import dev.greenroom.catalog.Catalog;
import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.model.InvalidEntityRefException;
import dev.greenroom.scaffolder.action.ActionContext;
import dev.greenroom.scaffolder.action.ActionEnvironment;
import dev.greenroom.scaffolder.action.ActionException;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.node.ArrayNode;

/** {@code catalog:fetch}: reads one entity ({@code entity}) or several ({@code entities}). */
public final class CatalogFetchAction extends BuiltinAction {
  private final ActionEnvironment env;

  /** The action over the host's catalog. */
  public CatalogFetchAction(ActionEnvironment env) {
    super("catalog:fetch", "Returns entity or entities from the catalog by entity reference(s)",
        """
        {"type":"object","properties":{
          "entityRef":{"type":"string","description":"Entity reference of the entity to get"},
          "entityRefs":{"type":"array","items":{"type":"string"},"description":"Entity references of the entities to get"},
          "optional":{"type":"boolean","description":"Allow the entity or entities to optionally exist. Default: false"},
          "defaultKind":{"type":"string"},
          "defaultNamespace":{"type":"string"}}}""", """
        {"type":"object","properties":{
          "entity":{"type":"object","description":"Object containing same values used in the Entity schema. Only when used with entityRef parameter."},
          "entities":{"type":"array","items":{"type":"object"},"description":"Array containing objects with same values used in the Entity schema. Only when used with entityRefs parameter."}}}""");
    this.env = env;
  }

  @Override
  public boolean supportsDryRun() {
    return true;
  }

  @Override
  public void execute(ActionContext ctx) throws Exception {
    Catalog catalog = env.catalog();
    if (catalog == null) {
      throw new ActionException("catalog:fetch: no catalog is configured");
    }
    String ref = text(ctx, "entityRef");
    List<String> refs = strings(ctx, "entityRefs");
    boolean optional = flag(ctx, "optional");
    String kind = text(ctx, "defaultKind");
    String ns = text(ctx, "defaultNamespace");
    if (ref == null && !ctx.input().has("entityRefs")) {
      throw new ActionException("Missing entity reference or references");
    }
    if (ref != null) {
      Optional<Entity> e = catalog.entity(parse(ref, kind, ns));
      if (e.isEmpty() && !optional) {
        throw new ActionException("Entity " + ref + " not found");
      }
      ctx.output("entity", e.isPresent() ? e.get().toJson() : Json.nodes().nullNode());
    }
    if (ctx.input().has("entityRefs")) {
      ArrayNode out = Json.nodes().arrayNode();
      for (String r : refs) {
        Optional<Entity> e = catalog.entity(parse(r, kind, ns));
        if (e.isEmpty() && !optional) {
          throw new ActionException("Entity " + r + " not found");
        }
        out.add(e.isPresent() ? e.get().toJson() : Json.nodes().nullNode());
      }
      ctx.output("entities", out);
    }
  }

  private static EntityRef parse(String ref, String kind, String ns) {
    try {
      return EntityRef.parse(ref, kind, ns);
    } catch (InvalidEntityRefException e) {
      throw new ActionException("catalog:fetch: " + e.getMessage(), e);
    }
  }
}
