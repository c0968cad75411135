package dev.greenroom.scaffolder.action.builtin;

import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.catalog.processing.DryRunResult;
import dev.greenroom.catalog.processing.LocationSpec;
import dev.greenroom.scaffolder.action.ActionContext;
import dev.greenroom.scaffolder.action.ActionEnvironment;
import dev.greenroom.scaffolder.action.ActionException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * {@code catalog:register}: registers a catalog-info file with the catalog engine as a {@code url}
 * location ({@code catalogInfoUrl}, or {@code repoContentsUrl} + {@code catalogInfoPath}). The
 * location is read once first (a dry run) to check it and to pick the {@code entityRef} output:
 * a {@code Component} if there is one, else the first entity whose name does not start with
 * {@code generated-}. With {@code optional}, a location that is registered already or cannot be
 * read is not an error.
 */
public final class CatalogRegisterAction extends BuiltinAction {
  private final ActionEnvironment env;

  /** The action over the host's catalog engine. */
  public CatalogRegisterAction(ActionEnvironment env) {
    super("catalog:register", "Registers entities from a catalog descriptor file in the workspace"
        + " into the software catalog.", """
        {"anyOf":[
          {"type":"object","required":["catalogInfoUrl"],"properties":{
            "catalogInfoUrl":{"type":"string","description":"An absolute URL pointing to the catalog info file location"},
            "optional":{"type":"boolean","description":"Permit the registered location to optionally exist. Default: false"}}},
          {"type":"object","required":["repoContentsUrl"],"properties":{
            "repoContentsUrl":{"type":"string","description":"An absolute URL pointing to the root of a repository directory tree"},
            "catalogInfoPath":{"type":"string","description":"A relative path from the repo root pointing to the catalog info file, defaults to /catalog-info.yaml"},
            "optional":{"type":"boolean","description":"Permit the registered location to optionally exist. Default: false"}}}]}""",
        null);
    this.env = env;
  }

  @Override
  public void execute(ActionContext ctx) throws Exception {
    CatalogEngine engine = env.engine();
    if (engine == null) {
      throw new ActionException("catalog:register: no catalog engine is configured");
    }
    String url = text(ctx, "catalogInfoUrl");
    if (url == null) {
      String repo = required(ctx, "repoContentsUrl", id());
      String path = text(ctx, "catalogInfoPath");
      if (path == null) {
        path = "/catalog-info.yaml";
      }
      url = (repo.endsWith("/") ? repo.substring(0, repo.length() - 1) : repo)
          + (path.startsWith("/") ? path : "/" + path);
    }
    boolean optional = flag(ctx, "optional");
    ctx.log("Registering " + url + " in the catalog");
    String catalogInfoUrl = url;
    DryRunResult dry = engine.dryRun(LocationSpec.of("url", url), 1000);
    if (!dry.ok()) {
      String msg = dry.failures().get(0).errors().isEmpty() ? "unknown error"
          : dry.failures().get(0).errors().get(0).message();
      if (!optional) {
        throw new ActionException("catalog:register: cannot read " + url + ": " + msg);
      }
      ctx.log("Could not read " + url + " (" + msg + "); continuing because optional is set");
    }
    try {
      ctx.checkpoint("register." + url, () -> {
        engine.registerLocation("url", catalogInfoUrl);
        return dev.greenroom.catalog.json.Json.object();
      });
    } catch (RuntimeException e) {
      if (!optional) {
        throw new ActionException("catalog:register: " + e.getMessage(), e);
      }
      ctx.log("Location " + url + " not registered (" + e.getMessage() + ")");
    }
    ctx.output("catalogInfoUrl", url);
    pick(dry.entities()).ifPresent(ref -> ctx.output("entityRef", ref));
  }

  private static Optional<String> pick(List<Entity> entities) {
    return entities.stream()
        .filter(e -> !e.isKind("Location"))
        .filter(e -> !e.metadata().name().startsWith("generated-"))
        .sorted(Comparator.comparing(e -> e.isKind("Component") ? 0 : 1))
        .map(e -> e.ref().kind().toLowerCase(java.util.Locale.ROOT) + ":"
            + e.ref().namespace() + "/" + e.ref().name())
        .findFirst();
  }
}
