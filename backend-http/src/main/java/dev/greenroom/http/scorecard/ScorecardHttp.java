package dev.greenroom.http.scorecard;

import dev.greenroom.catalog.Catalog;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.model.InvalidEntityRefException;
import dev.greenroom.http.ApiException;
import dev.greenroom.http.Call;
import dev.greenroom.http.auth.Permission;
import dev.greenroom.http.auth.PermissionDecision;
import dev.greenroom.scorecard.fact.Fact;
import dev.greenroom.scorecard.fact.FactType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Helpers shared by the two plugins. */
final class ScorecardHttp {
  private ScorecardHttp() {}

  /**
   * Which entities the caller may read ({@code catalog.entity.read}): all when allowed, none when
   * denied, those matching the condition's filter when conditional. Entities the catalog does not
   * know are readable only when the caller may read everything.
   */
  static Predicate<EntityRef> readable(Call call, Catalog catalog) {
    PermissionDecision d = call.decide(Permission.ENTITY_READ);
    if (d instanceof PermissionDecision.Allow) {
      return r -> true;
    }
    if (d instanceof PermissionDecision.Deny) {
      return r -> false;
    }
    java.util.Map<EntityRef, Boolean> memo = new java.util.HashMap<>(); // one request, one thread
    return r -> memo.computeIfAbsent(r, x -> catalog.entity(x).map(call::mayRead).orElse(false));
  }

  /** 404 (as the catalog answers) unless the caller may read the entity. */
  static void requireReadable(Call call, Catalog catalog, EntityRef ref) {
    if (!readable(call, catalog).test(ref)) {
      throw ApiException.notFound("No entity named '" + ref + "' found");
    }
  }

  static EntityRef pathRef(Call call) {
    try {
      return EntityRef.of(call.path("kind"), call.path("namespace"), call.path("name"));
    } catch (InvalidEntityRefException e) {
      throw ApiException.input(e.getMessage());
    }
  }

  static EntityRef parseRef(@Nullable String text, String what) {
    if (text == null || text.isBlank()) {
      throw ApiException.input("Missing " + what);
    }
    try {
      return EntityRef.parse(text);
    } catch (InvalidEntityRefException e) {
      throw ApiException.input("Invalid " + what + ": " + e.getMessage());
    }
  }

  /** An entity given as a ref string or as {@code { namespace?, kind, name }}. */
  static EntityRef bodyRef(JsonNode n) {
    if (n.isString()) {
      return parseRef(n.stringValue(), "entity reference");
    }
    if (n.isObject() && n.has("kind") && n.has("name")) {
      try {
        return EntityRef.of(
            n.get("kind").asString(),
            n.has("namespace") ? n.get("namespace").asString() : EntityRef.DEFAULT_NAMESPACE,
            n.get("name").asString());
      } catch (InvalidEntityRefException e) {
        throw ApiException.input(e.getMessage());
      }
    }
    throw ApiException.input("An entity must be a reference string or { namespace, kind, name }");
  }

  /** {@code ids[]} (Backstage's client) and {@code ids}, each possibly comma-separated. */
  static List<String> ids(Call call) {
    LinkedHashSet<String> out = new LinkedHashSet<>();
    List<String> raw = new ArrayList<>(call.queryAll("ids[]"));
    raw.addAll(call.queryAll("ids"));
    for (String v : raw) {
      for (String s : v.split(",")) {
        if (!s.isBlank()) {
          out.add(s.strip());
        }
      }
    }
    return List.copyOf(out);
  }

  static List<String> strings(JsonNode body, String key) {
    JsonNode n = body.get(key);
    List<String> out = new ArrayList<>();
    if (n == null || n.isNull()) {
      return out;
    }
    if (!n.isArray()) {
      throw ApiException.input(key + " must be an array of strings");
    }
    for (JsonNode x : n) {
      if (!x.isString()) {
        throw ApiException.input(key + " must be an array of strings");
      }
      out.add(x.stringValue());
    }
    return out;
  }

  static Instant instant(@Nullable String text, String name) {
    Instant t = text == null ? null : FactType.parseInstant(text);
    if (t == null) {
      throw new ApiException("InputError", 422, "Invalid or missing " + name + ": expected an ISO-8601 datetime");
    }
    return t;
  }

  /** Tech Insights' {@code FlatTechInsightFact}. */
  static ObjectNode factJson(Fact f) {
    ObjectNode o = dev.greenroom.catalog.json.Json.object();
    o.put("id", f.id());
    o.put("entity", f.entity().toString());
    o.put("timestamp", f.timestamp().toString());
    o.put("version", f.version());
    o.set("facts", f.values());
    return o;
  }
}
