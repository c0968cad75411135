package dev.greenroom.catalog.store;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.internal.EntityTrees;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.model.Relation;
import dev.greenroom.catalog.model.RelationEdge;
import dev.greenroom.catalog.query.SearchIndex;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Applies a {@link WriteBatch} to a store's {@link StitchState}: the one place that decides what a
 * final entity is, shared by every store so that they agree.
 *
 * <p>Design: an upsert replaces the edges its entity emits; every entity that is the source of an
 * added or removed edge, and the upserted entity itself, is re-stitched once at the end of the
 * batch. Stitching takes the processed entity (the upserted one, or the stored final entity
 * without its relations), sets {@code relations} to the sorted distinct edges whose source it is,
 * keeps the stored {@code uid} (or the entity's own, or a new random one), and sets {@code etag}
 * to the SHA-1 of the result's stable JSON. An entity whose final form is unchanged is not
 * written, so re-applying the same data costs reads only.
 */
public final class Stitcher {
  private Stitcher() {}

  /** Applies {@code batch} through {@code state} and reports what readers will see change. */
  public static WriteResult apply(WriteBatch batch, StitchState state) {
    Map<EntityRef, Entity> pending = new LinkedHashMap<>();
    Set<EntityRef> deleted = new LinkedHashSet<>();
    Set<EntityRef> affected = new TreeSet<>();
    for (WriteBatch.Op op : batch.ops()) {
      EntityRef ref = op.ref();
      List<RelationEdge> before = state.edgesEmittedBy(ref);
      List<RelationEdge> after;
      if (op instanceof WriteBatch.Upsert up) {
        after = distinct(up.emitted());
        pending.put(ref, up.entity());
        deleted.remove(ref);
        affected.add(ref);
      } else {
        after = List.of();
        pending.remove(ref);
        deleted.add(ref);
      }
      if (!before.equals(after)) {
        state.replaceEmittedEdges(ref, after);
        Set<RelationEdge> beforeSet = new HashSet<>(before);
        Set<RelationEdge> afterSet = new HashSet<>(after);
        for (RelationEdge e : before) {
          if (!afterSet.contains(e)) {
            affected.add(e.source());
          }
        }
        for (RelationEdge e : after) {
          if (!beforeSet.contains(e)) {
            affected.add(e.source());
          }
        }
      }
    }

    List<EntityRef> added = new ArrayList<>();
    List<EntityRef> changed = new ArrayList<>();
    List<EntityRef> removed = new ArrayList<>();
    boolean defer = batch.defersRestitch();
    List<EntityRef> toStitch = new ArrayList<>();
    for (EntityRef ref : affected) {
      if (deleted.contains(ref)) {
        continue;
      }
      if (defer && !pending.containsKey(ref)) {
        // touched only through relations: re-stitched later by restitchDeferred (which skips
        // refs that are not stored), so neither its body nor its relations are read now
        state.deferRestitch(ref);
      } else {
        toStitch.add(ref);
      }
    }
    List<EntityRef> reads = new ArrayList<>(toStitch);
    reads.addAll(deleted);
    state.prefetch(reads);
    for (EntityRef ref : deleted) {
      if (state.current(ref) != null) {
        state.deleteEntity(ref);
        state.clearDeferred(ref);
        removed.add(ref);
      }
    }
    for (EntityRef ref : toStitch) {
      Entity current = state.current(ref);
      Entity processed = pending.get(ref);
      if (processed == null) {
        if (current == null) {
          continue; // a relation source that is not (yet) an entity
        }
        processed = current;
      }
      state.clearDeferred(ref);
      Entity stitched = stitch(processed, current, state.relationsOf(ref));
      if (current != null && current.equals(stitched)) {
        continue;
      }
      state.putEntity(stitched, SearchIndex.rows(stitched), current == null);
      (current == null ? added : changed).add(ref);
    }
    return new WriteResult(added, changed, removed);
  }

  /**
   * Re-stitches up to {@code limit} entities whose re-stitch was deferred: each gets the relations
   * now stored for it, and leaves the deferred set.
   */
  public static WriteResult restitchDeferred(int limit, StitchState state) {
    List<EntityRef> refs = state.deferred(limit);
    List<EntityRef> changed = new ArrayList<>();
    state.prefetch(refs);
    for (EntityRef ref : refs) {
      state.clearDeferred(ref);
      Entity current = state.current(ref);
      if (current == null) {
        continue;
      }
      Entity stitched = stitch(current, current, state.relationsOf(ref));
      if (!current.equals(stitched)) {
        state.putEntity(stitched, SearchIndex.rows(stitched), false);
        changed.add(ref);
      }
    }
    return new WriteResult(List.of(), changed, List.of());
  }

  /**
   * The final form of {@code processed}: namespace defaulted, {@code relations} as given, {@code
   * uid} kept from {@code current} (or the entity's own, or new), {@code etag} the content hash.
   */
  static Entity stitch(Entity processed, @Nullable Entity current, List<Relation> relations) {
    String uid = current != null ? current.metadata().uid() : null;
    if (uid == null) {
      uid = processed.metadata().uid();
    }
    if (uid == null) {
      uid = UUID.randomUUID().toString();
    }
    ObjectNode json = EntityTrees.editableTop(processed); // sets root and metadata members only
    ObjectNode meta = (ObjectNode) json.get("metadata");
    if (!meta.path("namespace").isString() || meta.get("namespace").stringValue().isEmpty()) {
      meta.put("namespace", EntityRef.DEFAULT_NAMESPACE);
    }
    meta.put("uid", uid);
    meta.remove("etag");
    ArrayNode arr = json.putArray("relations");
    for (Relation r : relations) {
      arr.addObject().put("type", r.type()).put("targetRef", r.targetRef().toString());
    }
    meta.put("etag", Json.sha1Hex(Json.stableWrite(json)));
    return EntityTrees.adopt(json);
  }

  private static List<RelationEdge> distinct(List<RelationEdge> edges) {
    return List.copyOf(new LinkedHashSet<>(edges));
  }
}
