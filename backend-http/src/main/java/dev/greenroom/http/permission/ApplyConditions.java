package dev.greenroom.http.permission;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.http.ApiException;
import dev.greenroom.http.Call;
import dev.greenroom.http.Route;
import dev.greenroom.http.auth.PermissionCriteria;
import dev.greenroom.http.auth.PermissionResource;
import dev.greenroom.http.auth.UserPrincipal;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A plugin's {@code POST /.well-known/backstage/permissions/apply-conditions} (Backstage's {@code
 * createPermissionIntegrationRouter}): a permission backend that got a conditional decision asks
 * the plugin that owns the resource whether the conditions allow it.
 *
 * <p>Body {@code {items: [{id, resourceRef, resourceType, conditions}]}}, {@code resourceRef} a
 * string or a non-empty array of strings; answer {@code {items: [{id, result}]}}, {@code result}
 * {@code ALLOW} or {@code DENY} (an array of them for an array of refs). A resource that does not
 * exist is a denial. Unknown resource types, unknown rules, parameters a rule refuses and
 * malformed criteria answer 400. Only services call it: a signed-in user's token answers 403, as
 * Backstage's route accepts service credentials only (the no-auth local mode lets its anonymous
 * callers in, as it does everywhere).
 */
public final class ApplyConditions implements Route {
  /** The most items, and the most resource refs, in one request. */
  public static final int MAX_ITEMS = 1000;

  private final Map<String, PermissionResource<?>> resources;

  /**
   * The route over a plugin's resource types.
   *
   * @param resources the plugin's resource types, types unique
   */
  public ApplyConditions(List<PermissionResource<?>> resources) {
    Map<String, PermissionResource<?>> m = new LinkedHashMap<>();
    for (PermissionResource<?> r : resources) {
      if (m.putIfAbsent(r.resourceType(), r) != null) {
        throw new IllegalArgumentException("two permission resources of type "
            + r.resourceType());
      }
    }
    this.resources = Map.copyOf(m);
  }

  private record Item(String id, List<String> refs, boolean many, PermissionResource<?> type,
      PermissionCriteria criteria) {}

  @Override
  public void handle(Call call) throws IOException {
    if (call.principal() instanceof UserPrincipal) {
      throw ApiException.notAllowed("This endpoint does not allow 'user' credentials");
    }
    JsonNode items = call.jsonBody().get("items");
    if (items == null || !items.isArray()) {
      throw ApiException.input("Request body must have 'items', an array");
    }
    if (items.size() > MAX_ITEMS) {
      throw ApiException.input("At most " + MAX_ITEMS + " items per request, got "
          + items.size());
    }
    List<Item> parsed = new ArrayList<>(items.size());
    List<String> unknownTypes = new ArrayList<>();
    int refCount = 0;
    for (int i = 0; i < items.size(); i++) {
      Item item = item(items.get(i), "items[" + i + "]", unknownTypes);
      if (item != null) {
        parsed.add(item);
        refCount += item.refs().size();
      }
    }
    if (!unknownTypes.isEmpty()) {
      throw ApiException.input("Unexpected resource types: " + String.join(", ", unknownTypes)
          + ".");
    }
    if (refCount > MAX_ITEMS) {
      throw ApiException.input("At most " + MAX_ITEMS + " resource refs per request, got "
          + refCount);
    }
    Map<String, Optional<?>> loaded = new HashMap<>();
    ObjectNode out = Json.object();
    ArrayNode results = out.putArray("items");
    for (Item item : parsed) {
      ObjectNode r = results.addObject();
      r.put("id", item.id());
      List<String> decisions = new ArrayList<>(item.refs().size());
      for (String ref : item.refs()) {
        decisions.add(decide(item.type(), item.criteria(), ref, loaded, item.id()));
      }
      if (item.many()) {
        decisions.forEach(r.putArray("result")::add);
      } else {
        r.put("result", decisions.get(0));
      }
    }
    call.json(200, out);
  }

  private static <R> String decide(PermissionResource<R> type, PermissionCriteria criteria,
      String ref, Map<String, Optional<?>> loaded, String id) {
    @SuppressWarnings("unchecked")
    Optional<R> resource = (Optional<R>) loaded.computeIfAbsent(
        type.resourceType() + "\u0000" + ref, k -> type.load(ref));
    try {
      return type.allows(criteria, resource) ? "ALLOW" : "DENY";
    } catch (IllegalArgumentException e) {
      throw ApiException.input("Item '" + id + "': " + e.getMessage());
    }
  }

  private Item item(JsonNode node, String where, List<String> unknownTypes) {
    if (node == null || !node.isObject()) {
      throw ApiException.input(where + " must be an object");
    }
    String id = text(node, "id", where);
    String type = text(node, "resourceType", where);
    JsonNode ref = node.get("resourceRef");
    List<String> refs = new ArrayList<>();
    boolean many = ref != null && ref.isArray();
    if (ref != null && ref.isString()) {
      refs.add(ref.asString());
    } else if (many && !ref.isEmpty()) {
      for (JsonNode r : ref) {
        if (!r.isString()) {
          throw ApiException.input(where + ".resourceRef must hold strings only");
        }
        refs.add(r.asString());
      }
    } else {
      throw ApiException.input(where + ".resourceRef must be a string or a non-empty array of"
          + " strings");
    }
    PermissionCriteria criteria;
    try {
      criteria = PermissionCriteria.parse(node.get("conditions"), where + ".conditions");
    } catch (IllegalArgumentException e) {
      throw ApiException.input(e.getMessage());
    }
    PermissionResource<?> resource = resources.get(type);
    if (resource == null) {
      unknownTypes.add(type);
      return null;
    }
    try {
      resource.check(criteria);
    } catch (IllegalArgumentException e) {
      throw ApiException.input(where + ": " + e.getMessage());
    }
    return new Item(id, refs, many, resource, criteria);
  }

  private static String text(JsonNode node, String field, String where) {
    JsonNode v = node.get(field);
    if (v == null || !v.isString() || v.asString().isEmpty()) {
      throw ApiException.input(where + "." + field + " must be a non-empty string");
    }
    return v.asString();
  }
}
