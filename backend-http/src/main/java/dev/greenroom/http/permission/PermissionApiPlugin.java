package dev.greenroom.http.permission;

import dev.greenroom.catalog.Catalog;
import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.model.InvalidEntityRefException;
import dev.greenroom.catalog.query.EntityFilters;
import dev.greenroom.catalog.query.SearchIndex;
import dev.greenroom.http.ApiException;
import dev.greenroom.http.ApiPlugin;
import dev.greenroom.http.Call;
import dev.greenroom.http.Router;
import dev.greenroom.http.auth.Permission;
import dev.greenroom.http.auth.PermissionDecision;
import dev.greenroom.http.auth.PermissionPolicy;
import java.io.IOException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Backstage's permission backend, {@code POST /api/permission/authorize}: the frontend asks
 * whether the signed-in user may, for example, create entities (the Create button) or refresh
 * one ({@code resourceRef}), and gets the {@link PermissionPolicy}'s real decision.
 *
 * <p>Body {@code {items: [{id, permission: {type, name, attributes, resourceType?},
 * resourceRef?}]}}; answer {@code {items: [{id, result: ALLOW|DENY|CONDITIONAL, ...}]}}. A
 * conditional decision on an entity named by {@code resourceRef} is applied here: ALLOW when the
 * entity matches the policy's filter, DENY otherwise (or when there is no such entity). Without a
 * {@code resourceRef} the answer is CONDITIONAL with Greenroom's one rule, {@code
 * GREENROOM_ENTITY_FILTER}, whose {@code params.filter} is the filter as catalog predicate JSON.
 * A permission no mounted plugin declares is a 400 naming it.
 */
public final class PermissionApiPlugin implements ApiPlugin {
  /** The rule name of conditional answers. */
  public static final String FILTER_RULE = "GREENROOM_ENTITY_FILTER";
  /** The most items in one request. */
  public static final int MAX_ITEMS = 1000;

  private final Map<String, Permission> known;
  private final PermissionPolicy policy;
  private final @Nullable Catalog catalog;

  /**
   * The plugin.
   *
   * @param permissions every permission the mounted plugins declare
   * @param policy the policy that decides
   * @param catalog where {@code resourceRef} entities are read, or null without a catalog
   */
  public PermissionApiPlugin(List<Permission> permissions, PermissionPolicy policy,
      @Nullable Catalog catalog) {
    Map<String, Permission> m = new LinkedHashMap<>();
    permissions.forEach(p -> m.putIfAbsent(p.backstageName(), p));
    this.known = Map.copyOf(m);
    this.policy = policy;
    this.catalog = catalog;
  }

  @Override
  public String id() {
    return "permission";
  }

  @Override
  public void routes(Router r) {
    r.get("/openapi.json", java.util.Set.of(),
        dev.greenroom.http.OpenApiDocument.route(PermissionApiPlugin.class, "openapi.json")).unauthenticated();
    r.post("/authorize", Set.of(), this::authorize);
  }

  private void authorize(Call call) throws IOException {
    JsonNode body = call.jsonBody();
    JsonNode items = body.get("items");
    if (items == null || !items.isArray()) {
      throw ApiException.input("Request body must have 'items', an array");
    }
    if (items.size() > MAX_ITEMS) {
      throw ApiException.input("At most " + MAX_ITEMS + " items per request, got " + items.size());
    }
    ObjectNode out = Json.object();
    ArrayNode results = out.putArray("items");
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < items.size(); i++) {
      JsonNode item = items.get(i);
      String where = "items[" + i + "]";
      String id = text(item, "id", where);
      if (!ids.add(id)) {
        throw ApiException.input(where + ".id '" + id + "' appears twice");
      }
      JsonNode p = item.get("permission");
      if (p == null || !p.isObject()) {
        throw ApiException.input(where + ".permission must be an object");
      }
      String name = text(p, "name", where + ".permission");
      Permission permission = known.get(name);
      if (permission == null) {
        throw ApiException.input(where + ".permission.name: unknown permission '" + name
            + "'; known: " + known.keySet().stream().sorted().toList());
      }
      JsonNode ref = item.get("resourceRef");
      String resourceRef = ref == null || ref.isNull() ? null : text(item, "resourceRef", where);
      ObjectNode result = results.addObject();
      result.put("id", id);
      decide(call, permission, resourceRef, result);
    }
    call.json(200, out);
  }

  private void decide(Call call, Permission permission, @Nullable String resourceRef,
      ObjectNode result) {
    PermissionDecision d = policy.decide(call.principal(), permission);
    if (d instanceof PermissionDecision.Allow) {
      result.put("result", "ALLOW");
    } else if (d instanceof PermissionDecision.Conditional c && permission.entityResource()) {
      if (resourceRef == null) {
        result.put("result", "CONDITIONAL");
        result.put("pluginId", "catalog");
        result.put("resourceType", "catalog-entity");
        ObjectNode cond = result.putObject("conditions");
        cond.put("rule", FILTER_RULE);
        cond.put("resourceType", "catalog-entity");
        cond.putObject("params").set("filter", EntityFilters.toJson(c.filter()));
      } else {
        Optional<Entity> entity = entity(resourceRef);
        boolean ok = entity.isPresent() && EntityFilters.matches(c.filter(),
            EntityFilters.indexOf(SearchIndex.rows(entity.get())));
        result.put("result", ok ? "ALLOW" : "DENY");
      }
    } else {
      result.put("result", "DENY");
    }
  }

  private Optional<Entity> entity(String ref) {
    if (catalog == null) {
      return Optional.empty();
    }
    try {
      return catalog.entity(EntityRef.parse(ref));
    } catch (InvalidEntityRefException e) {
      throw ApiException.input("resourceRef '" + ref + "' is not an entity ref: " + e.getMessage());
    }
  }

  private static String text(JsonNode node, String field, String where) {
    JsonNode v = node.get(field);
    if (v == null || !v.isString() || v.asString().isEmpty()) {
      throw ApiException.input(where + "." + field + " must be a non-empty string");
    }
    return v.asString();
  }
}
