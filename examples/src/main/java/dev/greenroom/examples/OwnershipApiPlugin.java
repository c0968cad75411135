package dev.greenroom.examples;

import dev.greenroom.catalog.Catalog;
import dev.greenroom.catalog.graph.CatalogGraph;
import dev.greenroom.catalog.graph.Ownership;
import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.http.ApiException;
import dev.greenroom.http.ApiPlugin;
import dev.greenroom.http.Call;
import dev.greenroom.http.Router;
import dev.greenroom.http.auth.Permission;
import java.io.IOException;
import java.util.Set;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A custom {@link ApiPlugin}: {@code GET /api/ownership/:kind/:namespace/:name[?members=true]}
 * answers what a group owns, directly or through its child groups (and, with {@code members},
 * through its members), from the catalog's graph:
 *
 * <pre>{@code {"group": "group:default/team-a", "groups": [...], "owned": [...]}}</pre>
 *
 * <p>It asks for {@link Permission#ENTITY_READ} like the catalog's own routes (403 without it),
 * answers 404 for an entity that does not exist, and 400 for a bad {@code members} value. Mounted
 * with {@code BackendServer.builder().plugin(new OwnershipApiPlugin(engine.catalog()))}.
 */
public final class OwnershipApiPlugin implements ApiPlugin {
  private final Catalog catalog;

  /** A plugin over {@code catalog}. */
  public OwnershipApiPlugin(Catalog catalog) {
    this.catalog = catalog;
  }

  @Override
  public String id() {
    return "ownership";
  }

  @Override
  public void routes(Router router) {
    router.get("/:kind/:namespace/:name", Set.of("members"), this::ownership);
  }

  private void ownership(Call call) throws IOException {
    call.require(Permission.ENTITY_READ);
    EntityRef ref = EntityRef.of(call.path("kind"), call.path("namespace"), call.path("name"));
    String members = call.query("members");
    if (members != null && !members.equals("true") && !members.equals("false")) {
      throw ApiException.input("members must be true or false, got " + members);
    }
    if (catalog.entity(ref).isEmpty()) {
      throw ApiException.notFound("No entity named '" + ref + "' found");
    }
    Ownership o = CatalogGraph.over(catalog.store()).ownership(ref, "true".equals(members));
    ObjectNode body = Json.object();
    body.put("group", ref.toString());
    ArrayNode groups = body.putArray("groups");
    o.groups().forEach(g -> groups.add(g.toString()));
    ArrayNode owned = body.putArray("owned");
    o.owned().stream().map(EntityRef::toString).sorted().forEach(owned::add);
    call.json(200, body);
  }
}
