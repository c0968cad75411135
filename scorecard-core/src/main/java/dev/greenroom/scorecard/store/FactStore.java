package dev.greenroom.scorecard.store;

import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.scorecard.fact.Fact;
import dev.greenroom.scorecard.fact.Retention;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fact history per retriever and entity. Every insert is kept (until retention removes it); the
 * latest fact of a retriever for an entity is the one with the greatest timestamp (the later insert
 * wins a tie). Implementations are thread-safe.
 */
public interface FactStore {
  /** Appends facts. */
  void insert(List<Fact> facts);

  /** The latest fact of each of {@code ids} for the entity; ids without facts are absent. */
  Map<String, Fact> latest(EntityRef entity, Collection<String> ids);

  /**
   * The latest facts of many entities at once; entities without any of the facts are absent. The
   * default asks {@link #latest(EntityRef, Collection)} per entity.
   */
  default Map<EntityRef, Map<String, Fact>> latest(Collection<EntityRef> entities, Collection<String> ids) {
    Map<EntityRef, Map<String, Fact>> out = new java.util.HashMap<>();
    for (EntityRef e : entities) {
      Map<String, Fact> m = latest(e, ids);
      if (!m.isEmpty()) {
        out.put(e, m);
      }
    }
    return out;
  }

  /**
   * The facts of each of {@code ids} for the entity with {@code start <= timestamp <= end}, oldest
   * first; ids without facts in the range map to an empty list.
   */
  Map<String, List<Fact>> range(EntityRef entity, Collection<String> ids, Instant start, Instant end);

  /** Every entity that has at least one fact. */
  Set<EntityRef> entities();

  /**
   * Deletes the facts of retriever {@code id} that {@code retention} no longer keeps at {@code now}.
   *
   * @return the number of facts deleted
   */
  int applyRetention(String id, Retention retention, Instant now);
}
