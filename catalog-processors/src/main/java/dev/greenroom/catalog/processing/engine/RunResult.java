package dev.greenroom.catalog.processing.engine;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.RelationEdge;
import dev.greenroom.catalog.processing.DeferredEntity;
import dev.greenroom.catalog.processing.ProcessingError;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The outcome of one orchestrator run over one entity.
 *
 * @param completed the processed entity when the run succeeded
 * @param deferred the child entities emitted
 * @param relations the relation edges emitted
 * @param refreshKeys the refresh keys emitted
 * @param errors the errors; the run succeeded when empty
 * @param cache the processors' caches after the run
 */
public record RunResult(
    @Nullable Entity completed,
    List<DeferredEntity> deferred,
    List<RelationEdge> relations,
    List<String> refreshKeys,
    List<ProcessingError> errors,
    ObjectNode cache) {

  public RunResult {
    deferred = List.copyOf(deferred);
    relations = List.copyOf(relations);
    refreshKeys = List.copyOf(refreshKeys);
    errors = List.copyOf(errors);
  }

  /** True when the run succeeded. */
  public boolean ok() {
    return errors.isEmpty() && completed != null;
  }

  /**
   * The SHA-1 over everything the run produced: errors, and when it succeeded the processed
   * entity, the children, relations and refresh keys (lists sorted, so emit order does not
   * matter). Equal hashes mean nothing needs to be written.
   */
  public String hash() {
    ObjectNode root = Json.object();
    ArrayNode errs = root.putArray("errors");
    errors.forEach(e -> errs.add(e.toJson()));
    if (ok()) {
      // The entities stand in by the hash of their JSON text, which the state store writes
      // anyway (an entity serialises itself once): hashing a run copies and writes no tree. A
      // change of key order is a change, as the stored text changes with it.
      root.put("entity", Json.sha1Hex(completed.toJsonString()));
      List<String> children = new ArrayList<>();
      for (DeferredEntity d : deferred) {
        children.add(String.valueOf(d.locationKey()) + "\n" + Json.sha1Hex(d.entity().toJsonString()));
      }
      children.sort(Comparator.naturalOrder());
      ArrayNode ch = root.putArray("deferred");
      children.forEach(ch::add);
      List<String> rels = new ArrayList<>();
      for (RelationEdge r : relations) {
        rels.add(r.source() + " " + r.type() + " " + r.target());
      }
      rels.sort(Comparator.naturalOrder());
      ArrayNode rs = root.putArray("relations");
      rels.forEach(rs::add);
      List<String> keys = new ArrayList<>(refreshKeys);
      keys.sort(Comparator.naturalOrder());
      ArrayNode ks = root.putArray("refreshKeys");
      keys.forEach(ks::add);
    }
    return Json.sha1Hex(Json.stableWrite(root));
  }
}
