package dev.greenroom.catalog.stitch;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.model.Relation;
import dev.greenroom.catalog.model.RelationEdge;
import dev.greenroom.catalog.model.internal.EntityTrees;
import dev.greenroom.catalog.model.StatusItem;
import dev.greenroom.catalog.query.SearchIndex;
import dev.greenroom.catalog.store.WriteBatch;
import dev.greenroom.catalog.store.WriteResult;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Stitching: the one step that makes the final entities readers see, as Backstage's {@code
 * performStitching} does, applied by every store through its {@link StitchState} so that all
 * stores agree.
 *
 * <p>Design: {@link #apply} takes a {@link WriteBatch}. An upsert replaces the edges its entity
 * emits; every entity that is the source of an added or removed edge, and the upserted entity
 * itself, is stitched once at the end of the batch. An upserted entity is stitched from its
 * processing inputs ({@link #finalEntity}): the processed entity, its {@code uid}, its orphan
 * state and processing errors (all carried by the {@link WriteBatch.Upsert}), and the sorted
 * distinct edges, from every emitter, whose source it is. That is the only place where {@code
 * metadata.uid} is decided. An entity touched only through relations is re-stitched from its
 * stored final entity: its relations and {@code etag} change, nothing else ({@link
 * #withRelations}). An entity whose final form is unchanged is not written, so re-applying the
 * same data costs reads only.
 *
 * <p>The final entity, in the order the steps run: {@code metadata.namespace} defaulted to {@code
 * default}; {@code metadata.uid} set; {@code backstage.io/orphan: 'true'} on orphans; {@code
 * javascript:} values of {@code backstage.io/view-url} and {@code backstage.io/edit-url} replaced
 * (Backstage checks them here, after every processor ran); processing errors appended to {@code
 * status.items}; {@code relations} set; {@code metadata.etag} the SHA-1 of the result's stable
 * JSON (Backstage's hash, taken with the uid in).
 */
public final class Stitcher {
  /** The annotation set to {@code 'true'} on entities that nothing emits any more. */
  public static final String ORPHAN_ANNOTATION = "backstage.io/orphan";

  /** What a rejected {@code javascript:} URL annotation is replaced with, as in Backstage. */
  public static final String REJECTED_URL =
      "https://backstage.io/annotation-rejected-for-security-reasons";

  private static final List<String> URL_ANNOTATIONS =
      List.of("backstage.io/view-url", "backstage.io/edit-url");

  /**
   * Backstage's check for a {@code javascript:} scheme: leading control characters and spaces
   * allowed, tabs and line breaks allowed between the letters, any case.
   */
  private static final Pattern JAVASCRIPT_URL =
      Pattern.compile(
          "^[\\u0000-\\u001F ]*j[\\r\\n\\t]*a[\\r\\n\\t]*v[\\r\\n\\t]*a[\\r\\n\\t]*s[\\r\\n\\t]*c"
              + "[\\r\\n\\t]*r[\\r\\n\\t]*i[\\r\\n\\t]*p[\\r\\n\\t]*t[\\r\\n\\t]*:",
          Pattern.CASE_INSENSITIVE);

  private Stitcher() {}

  /** Applies {@code batch} through {@code state} and reports what readers will see change. */
  public static WriteResult apply(WriteBatch batch, StitchState state) {
    Map<EntityRef, WriteBatch.Upsert> pending = new LinkedHashMap<>();
    Set<EntityRef> deleted = new LinkedHashSet<>();
    Set<EntityRef> affected = new TreeSet<>();
    for (WriteBatch.Op op : batch.ops()) {
      EntityRef ref = op.ref();
      List<RelationEdge> before = state.edgesEmittedBy(ref);
      List<RelationEdge> after;
      if (op instanceof WriteBatch.Upsert up) {
        after = distinct(up.emitted());
        pending.put(ref, up);
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
      WriteBatch.Upsert upsert = pending.get(ref);
      if (upsert == null && current == null) {
        continue; // a relation source that is not (yet) an entity
      }
      state.clearDeferred(ref);
      List<Relation> relations = state.relationsOf(ref);
      Entity stitched = upsert != null
          ? finalEntity(upsert, current, relations)
          : withRelations(current, relations);
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
      Entity stitched = withRelations(current, state.relationsOf(ref));
      if (!current.equals(stitched)) {
        state.putEntity(stitched, SearchIndex.rows(stitched), false);
        changed.add(ref);
      }
    }
    return new WriteResult(List.of(), changed, List.of());
  }

  /**
   * The final form of an upserted entity, from its processing inputs and {@code relations} (see
   * the class comment for the steps). Its {@code metadata.uid} is the upsert's {@link
   * WriteBatch.Upsert#uid()}; without one, {@code current}'s (the stored final entity), else the
   * entity's own, else a new random one.
   */
  static Entity finalEntity(
      WriteBatch.Upsert upsert, @Nullable Entity current, List<Relation> relations) {
    String uid = upsert.uid();
    if (uid == null && current != null) {
      uid = current.metadata().uid();
    }
    if (uid == null) {
      uid = upsert.entity().metadata().uid();
    }
    if (uid == null) {
      uid = UUID.randomUUID().toString();
    }
    // Root, metadata and spec are fresh objects; what is below them is shared with the processed
    // entity, so the annotations and status objects are copied before they change.
    ObjectNode json = EntityTrees.editableTop(upsert.entity());
    ObjectNode meta = (ObjectNode) json.get("metadata");
    if (!meta.path("namespace").isString() || meta.get("namespace").stringValue().isEmpty()) {
      meta.put("namespace", EntityRef.DEFAULT_NAMESPACE);
    }
    meta.put("uid", uid);
    JsonNode ann = meta.get("annotations");
    List<String> rejected = javascriptUrls(ann);
    if (upsert.orphan() || !rejected.isEmpty()) {
      ObjectNode a = ann instanceof ObjectNode o ? o.deepCopy() : meta.objectNode();
      meta.set("annotations", a);
      if (upsert.orphan()) {
        a.put(ORPHAN_ANNOTATION, "true");
      }
      for (String key : rejected) {
        a.put(key, REJECTED_URL);
      }
    }
    if (!upsert.errors().isEmpty()) {
      ObjectNode status =
          json.get("status") instanceof ObjectNode o ? o.deepCopy() : json.objectNode();
      json.set("status", status);
      ArrayNode items = status.get("items") instanceof ArrayNode a ? a : status.putArray("items");
      for (StatusItem item : upsert.errors()) {
        items.add(item.toJson());
      }
    }
    return seal(json, relations);
  }

  /**
   * {@code current}, a stored final entity, with {@code relations} instead of its own and the
   * {@code etag} that goes with them; everything else, the uid included, is kept.
   */
  static Entity withRelations(Entity current, List<Relation> relations) {
    return seal(EntityTrees.editableTop(current), relations);
  }

  /** Sets {@code relations}, then {@code metadata.etag} to the hash of everything else. */
  private static Entity seal(ObjectNode json, List<Relation> relations) {
    ObjectNode meta = (ObjectNode) json.get("metadata");
    meta.remove("etag");
    ArrayNode arr = json.putArray("relations");
    for (Relation r : relations) {
      arr.addObject().put("type", r.type()).put("targetRef", r.targetRef().toString());
    }
    meta.put("etag", Json.sha1Hex(Json.stableWrite(json)));
    return EntityTrees.adopt(json);
  }

  /** The view/edit URL annotations whose value is a {@code javascript:} URL. */
  private static List<String> javascriptUrls(@Nullable JsonNode annotations) {
    if (!(annotations instanceof ObjectNode a)) {
      return List.of();
    }
    List<String> keys = new ArrayList<>(0);
    for (String key : URL_ANNOTATIONS) {
      JsonNode v = a.get(key);
      if (v != null && v.isString() && JAVASCRIPT_URL.matcher(v.stringValue()).find()) {
        keys.add(key);
      }
    }
    return keys;
  }

  private static List<RelationEdge> distinct(List<RelationEdge> edges) {
    return List.copyOf(new LinkedHashSet<>(edges));
  }
}
