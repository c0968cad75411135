package dev.greenroom.http.catalog;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.catalog.processing.ProcessingError;
import dev.greenroom.catalog.processing.state.ProcessingStateStore.Unprocessed;
import dev.greenroom.catalog.processing.state.RefreshState;
import dev.greenroom.http.ApiException;
import dev.greenroom.http.Call;
import dev.greenroom.http.Router;
import dev.greenroom.http.auth.Permission;
import dev.greenroom.http.auth.PermissionDecision;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Backstage's unprocessed-entities routes ({@code catalog-backend-module-unprocessed}), for
 * operators: entities the catalog holds but does not serve.
 *
 * <ul>
 *   <li>{@code GET /entities/unprocessed/failed}: processed, never successfully ({@code
 *       errors} say why);
 *   <li>{@code GET /entities/unprocessed/pending}: not processed yet;
 *   <li>{@code DELETE /entities/unprocessed/delete/:entity_id}: forgets the row (204), with {@code
 *       catalog.entities.unprocessed.delete}.
 * </ul>
 *
 * <p>Answers {@code {type: failed|pending, entities: [{entity_id, entity_ref,
 * unprocessed_entity, processed_entity?, result_hash?, next_update_at, last_discovery_at?, errors?,
 * location_key?}]}},
 * Backstage's {@code HydratedRefreshState} rows; {@code ?owner=} keeps rows whose {@code
 * spec.owner} equals it. Backstage lists rows to every authenticated caller; Greenroom also asks
 * for {@code catalog.entity.read}: a denial empties the list, a conditional decision keeps the
 * rows whose submitted entity matches it (relations do not exist before processing, so an owner
 * condition hides them). At most {@link #MAX_ROWS} rows are listed. {@code last_discovery_at} is
 * when a provider or parent last wrote the entity (inserted or changed); Backstage's {@code cache}
 * is not listed.
 */
final class UnprocessedRoutes {
  /** The most rows one list answers. */
  static final int MAX_ROWS = 10_000;

  private final CatalogEngine engine;

  UnprocessedRoutes(CatalogEngine engine) {
    this.engine = engine;
  }

  void routes(Router r) {
    r.get("/entities/unprocessed/failed", Set.of("owner"), call -> list(call, Unprocessed.FAILED));
    r.get("/entities/unprocessed/pending", Set.of("owner"),
        call -> list(call, Unprocessed.PENDING));
    r.delete("/entities/unprocessed/delete/:entity_id", Set.of(), this::delete);
  }

  private void list(Call call, Unprocessed which) throws IOException {
    String owner = call.query("owner");
    PermissionDecision read = call.decide(Permission.ENTITY_READ);
    ObjectNode out = Json.object();
    out.put("type", which.name().toLowerCase(Locale.ROOT));
    ArrayNode entities = out.putArray("entities");
    if (!(read instanceof PermissionDecision.Deny)) {
      for (RefreshState s : engine.state().unprocessed(which, MAX_ROWS)) {
        if (owner != null && !owner.equals(specOwner(s.unprocessed()))) {
          continue;
        }
        if (read instanceof PermissionDecision.Conditional c
            && !CatalogApiPlugin.matches(c.filter(), s.unprocessed())) {
          continue;
        }
        entities.add(row(s));
      }
    }
    call.json(200, out);
  }

  private static @org.jspecify.annotations.Nullable String specOwner(Entity e) {
    JsonNode o = e.spec().get("owner");
    return o != null && o.isString() ? o.asString() : null;
  }

  static ObjectNode row(RefreshState s) {
    ObjectNode n = Json.object();
    n.put("entity_id", s.entityId());
    n.put("entity_ref", s.ref().toString());
    n.set("unprocessed_entity", s.unprocessed().toJson());
    if (s.processed() != null) {
      n.set("processed_entity", s.processed().toJson());
    }
    if (s.resultHash() != null) {
      n.put("result_hash", s.resultHash());
    }
    n.put("next_update_at", s.nextUpdateAt().toString());
    if (s.lastDiscoveryAt() != null) {
      n.put("last_discovery_at", s.lastDiscoveryAt().toString());
    }
    if (!s.errors().isEmpty()) {
      ArrayNode errors = n.putArray("errors");
      for (ProcessingError e : s.errors()) {
        errors.addObject().put("name", e.name()).put("message", e.message());
      }
    }
    if (s.locationKey() != null) {
      n.put("location_key", s.locationKey());
    }
    return n;
  }

  private void delete(Call call) throws IOException {
    if (call.decide(Permission.UNPROCESSED_DELETE) instanceof PermissionDecision.Deny) {
      throw ApiException.notAllowed("Unauthorized");
    }
    Optional<RefreshState> row = engine.state().getById(call.path("entity_id"));
    row.ifPresent(s -> engine.deleteEntity(s.ref()));
    call.empty(204);
  }
}
