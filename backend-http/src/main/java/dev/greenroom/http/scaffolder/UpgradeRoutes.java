package dev.greenroom.http.scaffolder;

import dev.greenroom.catalog.Catalog;
import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.model.InvalidEntityRefException;
import dev.greenroom.http.ApiException;
import dev.greenroom.http.Call;
import dev.greenroom.http.auth.Permission;
import dev.greenroom.scaffolder.upgrade.FileChange;
import dev.greenroom.scaffolder.upgrade.FleetEntry;
import dev.greenroom.scaffolder.upgrade.TemplateUpgrades;
import dev.greenroom.scaffolder.upgrade.UpgradeDiff;
import dev.greenroom.scaffolder.upgrade.UpgradeException;
import dev.greenroom.scaffolder.upgrade.UpgradeResult;
import dev.greenroom.scaffolder.upgrade.UpgradeTarget;
import java.io.IOException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Greenroom's template-upgrade routes under {@code /api/scaffolder/v2/upgrades} (no Backstage
 * counterpart; its issue #31361):
 *
 * <ul>
 *   <li>{@code POST /v2/upgrades/dry-run} with {@code {entityRef}} or {@code {templateRef, values?,
 *       repoUrl}}: the template's current version rendered with the recorded values, against the
 *       repository, per file ({@code {entityRef?, templateRef, oldVersion, newVersion, repository,
 *       files: [{path, status, diff}]}}). Needs {@code scaffolder.task.create}.
 *   <li>{@code POST /v2/upgrades} with the same body: the three-way upgrade, pushed to {@code
 *       greenroom/upgrade-<template>-<version>}, with a pull request where the host can open one
 *       (the same body plus {@code branch}, {@code commit}, {@code pullRequestUrl}, {@code
 *       conflicts}). Needs {@code scaffolder.task.create}.
 *   <li>{@code GET /v2/upgrades?templateRef=}: the entities made from the template that the caller
 *       may read, with their recorded version and {@code outdated}.
 * </ul>
 *
 * <p>An entity or template the caller may not read is not found; an unknown recorded version is
 * 404 with a message naming the template and version.
 */
final class UpgradeRoutes {
  private final TemplateUpgrades upgrades;
  private final Catalog catalog;

  UpgradeRoutes(TemplateUpgrades upgrades, Catalog catalog) {
    this.upgrades = upgrades;
    this.catalog = catalog;
  }

  void dryRun(Call call) throws IOException {
    call.require(Permission.TASK_CREATE);
    JsonNode body = call.jsonBody();
    UpgradeTarget target = target(call, body);
    UpgradeDiff diff = guard(() -> upgrades.diff(target));
    call.json(200, diffJson(diff));
  }

  void upgrade(Call call) throws IOException {
    call.require(Permission.TASK_CREATE);
    JsonNode body = call.jsonBody();
    UpgradeTarget target = target(call, body);
    UpgradeResult result = guard(() -> upgrades.open(target));
    ObjectNode out = diffJson(result.diff());
    putOrNull(out, "branch", result.branch());
    putOrNull(out, "commit", result.commit());
    putOrNull(out, "pullRequestUrl", result.pullRequestUrl());
    ArrayNode conflicts = out.putArray("conflicts");
    result.diff().conflicts().forEach(f -> conflicts.add(f.path()));
    call.json(result.branch() == null ? 200 : 201, out);
  }

  void fleet(Call call) throws IOException {
    String ref = call.query("templateRef");
    if (ref == null || ref.isBlank()) {
      throw ApiException.input("Query parameter 'templateRef' is required");
    }
    EntityRef templateRef = ref(ref, "template", "templateRef");
    readable(call, templateRef);
    String current = guard(() -> upgrades.currentVersion(templateRef));
    ObjectNode out = Json.object();
    out.put("templateRef", templateRef.toString());
    out.put("currentVersion", current);
    ArrayNode items = out.putArray("items");
    for (FleetEntry e : guard(() -> upgrades.fleet(templateRef))) {
      Optional<Entity> entity = catalog.entity(e.entityRef());
      if (entity.isEmpty() || !call.mayRead(entity.get())) {
        continue;
      }
      ObjectNode item = items.addObject();
      item.put("entityRef", e.entityRef().toString());
      putOrNull(item, "version", e.version());
      item.put("outdated", e.outdated());
    }
    call.json(200, out);
  }

  private UpgradeTarget target(Call call, JsonNode body) {
    if (!body.isObject()) {
      throw ApiException.input("The body must be a JSON object");
    }
    JsonNode entityRef = body.get("entityRef");
    if (entityRef != null && !entityRef.isNull()) {
      if (!entityRef.isString()) {
        throw ApiException.input("'entityRef' must be a string");
      }
      EntityRef ref = ref(entityRef.asString(), "component", "entityRef");
      readable(call, ref);
      return guard(() -> upgrades.target(ref));
    }
    JsonNode templateRef = body.get("templateRef");
    JsonNode repoUrl = body.get("repoUrl");
    if (templateRef == null || !templateRef.isString() || repoUrl == null || !repoUrl.isString()) {
      throw ApiException.input("Give either 'entityRef', or 'templateRef' and 'repoUrl' (strings)"
          + " with optional 'values'");
    }
    JsonNode values = body.get("values");
    if (values != null && !values.isNull() && !values.isObject()) {
      throw ApiException.input("'values' must be an object");
    }
    EntityRef tref = ref(templateRef.asString(), "template", "templateRef");
    readable(call, tref);
    ObjectNode v = values instanceof ObjectNode o ? o : null;
    return guard(() -> upgrades.target(tref, v, repoUrl.asString()));
  }

  private void readable(Call call, EntityRef ref) {
    Optional<Entity> e = catalog.entity(ref);
    if (e.isEmpty() || !call.mayRead(e.get())) {
      throw ApiException.notFound((ref.isKind("template") ? "Template " : "Entity ") + ref
          + " not found");
    }
  }

  private static EntityRef ref(String text, String defaultKind, String field) {
    try {
      return EntityRef.parse(text, defaultKind, "default");
    } catch (InvalidEntityRefException e) {
      throw ApiException.input("Invalid '" + field + "': " + e.getMessage());
    }
  }

  private static ObjectNode diffJson(UpgradeDiff diff) {
    ObjectNode out = Json.object();
    UpgradeTarget t = diff.target();
    putOrNull(out, "entityRef", t.entityRef() == null ? null : t.entityRef().toString());
    out.put("templateRef", t.templateRef().toString());
    putOrNull(out, "oldVersion", diff.oldVersion());
    out.put("newVersion", diff.newVersion());
    ObjectNode repo = out.putObject("repository");
    repo.put("url", t.repository().treeUrl());
    repo.put("branch", t.repository().branch());
    ArrayNode files = out.putArray("files");
    for (FileChange f : diff.files()) {
      ObjectNode o = files.addObject();
      o.put("path", f.path());
      o.put("status", f.status().wire());
      o.put("diff", f.diff());
      if (f.note() != null) {
        o.put("note", f.note());
      }
    }
    return out;
  }

  private static void putOrNull(ObjectNode o, String key, @Nullable String value) {
    if (value == null) {
      o.putNull(key);
    } else {
      o.put(key, value);
    }
  }

  private static <T> T guard(java.util.function.Supplier<T> work) {
    try {
      return work.get();
    } catch (UpgradeException e) {
      throw switch (e.reason()) {
        case NOT_FOUND -> ApiException.notFound(e.getMessage());
        case INPUT -> ApiException.input(e.getMessage());
        case REPOSITORY -> new ApiException("UpstreamError", 502, e.getMessage());
      };
    } catch (dev.greenroom.scaffolder.ScaffolderException e) {
      // the template failed to render with the recorded values (messages are masked)
      throw ApiException.input("Rendering the template failed: " + e.getMessage());
    }
  }
}
