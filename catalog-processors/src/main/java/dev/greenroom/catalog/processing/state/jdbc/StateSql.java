package dev.greenroom.catalog.processing.state.jdbc;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.model.RelationEdge;
import dev.greenroom.catalog.store.jdbc.InList;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The column forms and statement helpers every operation of the JDBC processing state shares:
 * refs as their canonical lower-case key, relations and caches as JSON text, JDBC batches of at
 * most {@value #BATCH} rows, and statements over {@code IN} lists ({@link InList}).
 */
final class StateSql {
  /** Rows per JDBC batch execution. */
  static final int BATCH = 1_000;

  private StateSql() {}

  /** The canonical, lower-case form stored in ref columns. */
  static String key(EntityRef ref) {
    return ref.toString();
  }

  /** The stored keys of {@code refs}, in their order. */
  static Set<String> keys(Collection<EntityRef> refs) {
    Set<String> out = new LinkedHashSet<>();
    for (EntityRef r : refs) {
      out.add(key(r));
    }
    return out;
  }

  /** The processors' cache as stored (null or blank: none). */
  static ObjectNode cache(@Nullable String json) {
    if (json == null || json.isBlank()) {
      return Json.object();
    }
    JsonNode n = Json.parse(json);
    return n instanceof ObjectNode o ? o : Json.object();
  }

  /** Relations as stored: {@code [[source, type, target], ...]}, refs with their case. */
  static String relationsJson(List<RelationEdge> edges) {
    ArrayNode a = Json.nodes().arrayNode();
    for (RelationEdge e : edges) {
      ArrayNode x = a.addArray();
      x.add(written(e.source()));
      x.add(e.type());
      x.add(written(e.target()));
    }
    return Json.write(a);
  }

  private static String written(EntityRef r) {
    return r.kind() + ":" + r.namespace() + "/" + r.name();
  }

  /** Reads {@link #relationsJson}'s form. */
  static List<RelationEdge> relations(@Nullable String json) {
    if (json == null || json.isBlank()) {
      return List.of();
    }
    JsonNode a = Json.parse(json);
    List<RelationEdge> out = new ArrayList<>(a.size());
    for (int i = 0; i < a.size(); i++) {
      JsonNode x = a.get(i);
      out.add(
          new RelationEdge(
              EntityRef.parse(x.get(0).asString()),
              x.get(1).asString(),
              EntityRef.parse(x.get(2).asString())));
    }
    return out;
  }

  /** Runs {@code sql} once per item in JDBC batches; nothing when there are no items. */
  static <T> void batch(
      Handle h, String sql, Collection<T> items, BiConsumer<PreparedBatch, T> bind) {
    if (items.isEmpty()) {
      return;
    }
    PreparedBatch b = h.prepareBatch(sql);
    for (T item : items) {
      bind.accept(b, item);
      b.add();
      if (b.size() >= BATCH) {
        b.execute();
        b = h.prepareBatch(sql);
      }
    }
    if (b.size() > 0) {
      b.execute();
    }
  }

  /**
   * The single-column results of {@code head + "IN (...)" + tail} for each chunk of {@code
   * values}; {@code head} ends with the column and {@code IN}.
   */
  static List<String> strings(Handle h, String head, Collection<String> values, String tail) {
    List<String> out = new ArrayList<>();
    InList.chunks(
        values,
        chunk ->
            InList.bind(h.createQuery(head + " (" + InList.marks(chunk.size()) + ")" + tail), 0, chunk)
                .mapTo(String.class)
                .forEach(out::add));
    return out;
  }

  /** Runs {@code head + "IN (...)"} once per chunk of {@code values}. */
  static void updateIn(Handle h, String head, Collection<String> values) {
    InList.chunks(
        values,
        chunk ->
            InList.bind(h.createUpdate(head + " (" + InList.marks(chunk.size()) + ")"), 0, chunk)
                .execute());
  }

  /** Deletes the rows of {@code table} whose {@code column} is one of {@code values}. */
  static void deleteIn(Handle h, String table, String column, Collection<String> values) {
    updateIn(h, "DELETE FROM " + table + " WHERE " + column + " IN", values);
  }
}
