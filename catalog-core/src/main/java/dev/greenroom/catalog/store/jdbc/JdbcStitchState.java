package dev.greenroom.catalog.store.jdbc;

import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.model.Relation;
import dev.greenroom.catalog.model.RelationEdge;
import dev.greenroom.catalog.query.SearchIndex;
import dev.greenroom.catalog.query.SearchRow;
import dev.greenroom.catalog.stitch.StitchState;
import dev.greenroom.catalog.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;

/**
 * {@link StitchState} over the store's tables, inside one write transaction.
 *
 * <p>Design: the Stitcher asks many small questions (current entity, emitted edges, relations of a
 * source) and writes entity by entity. Asked one by one that is thousands of round trips per batch,
 * so this state reads in bulk and writes in JDBC batches, while keeping the contract that reads see
 * the transaction's own writes:
 *
 * <ul>
 *   <li>{@link #prefetchBatch} loads the stored entities and emitted edges of every ref in the batch
 *       with a few chunked {@code IN} queries; later lookups are served from the caches, which
 *       writes keep up to date.
 *   <li>Edge inserts are batched (copied on PostgreSQL) and executed before anything reads edges
 *       ({@link #relationsOf}) or deletes them. The first {@code relationsOf} call loads the
 *       relations of every source touched so far in one go.
 *   <li>New entities and all search rows are buffered and written by {@link #flush()} in JDBC
 *       batches (the search rows with one {@code COPY} on PostgreSQL, {@link PgCopy}); entity
 *       updates and deletes go to the database at once. An update writes only the search rows
 *       that differ from the stored entity's.
 * </ul>
 */
final class JdbcStitchState implements StitchState {
  static final int CHUNK = InList.CHUNK;
  private static final int ROW_BATCH = 5_000;

  private record Stored(long id, Entity entity) {}

  private record PendingRows(long id, List<SearchRow> rows) {}

  private record EdgeRow(String emitter, int seq, RelationEdge edge) {}

  private final Handle h;
  private final Dialect dialect;
  private final Set<String> deferredAdds = new java.util.LinkedHashSet<>();
  private final Set<String> deferredRemoves = new java.util.LinkedHashSet<>();
  private final Map<EntityRef, Optional<Stored>> current = new HashMap<>();
  private final Map<EntityRef, List<RelationEdge>> emitted = new HashMap<>();
  private final Map<EntityRef, List<Relation>> relations = new HashMap<>();
  private final Set<EntityRef> touchedSources = new HashSet<>();
  private boolean relationsLoaded;
  private @Nullable Set<EntityRef> stitchSources;
  private final Map<EntityRef, Map.Entry<Entity, List<SearchRow>>> newEntities =
      new LinkedHashMap<>();
  private final List<PendingRows> newRows = new ArrayList<>();
  private final Map<String, PreparedStatement> statements = new HashMap<>();
  private int pendingEdges;
  /** The buffered edge rows when they are copied ({@link #copy}); otherwise they are batched. */
  private final List<EdgeRow> edgeRows = new ArrayList<>();
  private final FacetCounts facetCounts;
  /** Whether new search rows and edges go with {@code COPY} (PostgreSQL) rather than batches. */
  private final boolean copy;

  JdbcStitchState(Handle h, Dialect dialect) {
    this.h = h;
    this.dialect = dialect;
    this.facetCounts = new FacetCounts(h);
    this.copy = dialect == Dialect.POSTGRESQL && PgCopy.available(h.getConnection());
  }

  /** Loads the current entity and emitted edges of each ref into the caches. */
  void prefetchBatch(Collection<EntityRef> refs) {
    List<EntityRef> todo = new ArrayList<>(new java.util.LinkedHashSet<>(refs));
    for (int i = 0; i < todo.size(); i += CHUNK) {
      List<EntityRef> chunk = todo.subList(i, Math.min(todo.size(), i + CHUNK));
      List<String> keys = chunk.stream().map(EntityRef::toString).toList();
      for (EntityRef r : chunk) {
        current.put(r, Optional.empty());
        emitted.put(r, new ArrayList<>());
      }
      new Sql()
          .append("SELECT id, body FROM gr_entities WHERE ref IN (")
          .bindList(keys)
          .append(")")
          .query(h)
          .map((rs, ctx) -> new Stored(rs.getLong(1), Entity.fromJson(rs.getString(2))))
          .forEach(s -> current.put(s.entity().ref(), Optional.of(s)));
      new Sql()
          .append("SELECT emitter, source, type, target FROM gr_edges WHERE emitter IN (")
          .bindList(keys)
          .append(") ORDER BY emitter, seq")
          .query(h)
          .map((rs, ctx) -> Map.entry(EntityRef.parse(rs.getString(1)), edge(rs.getString(2), rs.getString(3), rs.getString(4))))
          .forEach(e -> emitted.get(e.getKey()).add(e.getValue()));
    }
  }

  /**
   * Loads, in bulk, the stored entities of refs not cached yet, and makes the refs the sources
   * whose relations the next {@link #relationsOf} loads in bulk (instead of every source the
   * batch's edges touched, which in a bulk load includes groups with thousands of relations).
   */
  @Override
  public void prefetch(Collection<EntityRef> refs) {
    List<EntityRef> todo = new ArrayList<>();
    stitchSources = new HashSet<>(refs);
    relationsLoaded = false;
    for (EntityRef r : refs) {
      if (!current.containsKey(r)) {
        todo.add(r);
      }
    }
    for (int i = 0; i < todo.size(); i += CHUNK) {
      List<EntityRef> chunk = todo.subList(i, Math.min(todo.size(), i + CHUNK));
      for (EntityRef r : chunk) {
        current.put(r, Optional.empty());
      }
      new Sql()
          .append("SELECT id, body FROM gr_entities WHERE ref IN (")
          .bindList(chunk.stream().map(EntityRef::toString).toList())
          .append(")")
          .query(h)
          .map((rs, ctx) -> new Stored(rs.getLong(1), Entity.fromJson(rs.getString(2))))
          .forEach(st -> current.put(st.entity().ref(), Optional.of(st)));
    }
  }

  @Override
  public void deferRestitch(EntityRef ref) {
    deferredAdds.add(ref.toString());
    deferredRemoves.remove(ref.toString());
  }

  @Override
  public void clearDeferred(EntityRef ref) {
    deferredRemoves.add(ref.toString());
    deferredAdds.remove(ref.toString());
  }

  @Override
  public List<EntityRef> deferred(int limit) {
    flushDeferred();
    return h.createQuery("SELECT ref FROM gr_deferred ORDER BY ref LIMIT :limit")
        .bind("limit", limit)
        .mapTo(String.class)
        .map(EntityRef::parse)
        .list();
  }

  /** Writes the buffered changes of the deferred set. */
  private void flushDeferred() {
    try {
      if (!deferredRemoves.isEmpty()) {
        PreparedStatement del = statement("DELETE FROM gr_deferred WHERE ref = ?");
        for (String r : deferredRemoves) {
          del.setString(1, r);
          del.addBatch();
        }
        del.executeBatch();
        deferredRemoves.clear();
      }
      if (!deferredAdds.isEmpty()) {
        // Not H2's MERGE: on a row that is already there it locks the row without changing it,
        // and a process killed then can leave the row locked by a transaction that no longer
        // exists; after the restart every write of that row spins in H2's row locking for
        // minutes (CrashRecoveryTest). An insert guarded by NOT EXISTS only reads existing rows.
        // Writers are serialised, so nothing inserts the same ref in between.
        boolean pg = dialect == Dialect.POSTGRESQL;
        PreparedStatement ins = statement(pg
            ? "INSERT INTO gr_deferred (ref) VALUES (?) ON CONFLICT DO NOTHING"
            : "INSERT INTO gr_deferred (ref) SELECT CAST(? AS VARCHAR(1024))"
                + " WHERE NOT EXISTS (SELECT 1 FROM gr_deferred WHERE ref = ?)");
        for (String r : deferredAdds) {
          ins.setString(1, r);
          if (!pg) {
            ins.setString(2, r);
          }
          ins.addBatch();
        }
        ins.executeBatch();
        deferredAdds.clear();
      }
    } catch (SQLException e) {
      throw new StoreException("writing deferred re-stitches failed: " + e.getMessage(), e);
    }
  }

  static RelationEdge edge(String source, String type, String target) {
    return new RelationEdge(EntityRef.parse(source), type, EntityRef.parse(target));
  }

  private Optional<Stored> stored(EntityRef ref) {
    Optional<Stored> s = current.get(ref);
    if (s == null) {
      s =
          h.createQuery("SELECT id, body FROM gr_entities WHERE ref = ?")
              .bind(0, ref.toString())
              .map((rs, ctx) -> new Stored(rs.getLong(1), Entity.fromJson(rs.getString(2))))
              .findOne();
      current.put(ref, s);
    }
    return s;
  }

  @Override
  public @Nullable Entity current(EntityRef ref) {
    return stored(ref).map(Stored::entity).orElse(null);
  }

  @Override
  public List<RelationEdge> edgesEmittedBy(EntityRef emitter) {
    List<RelationEdge> edges = emitted.get(emitter);
    if (edges == null) {
      edges =
          h.createQuery(
                  "SELECT source, type, target FROM gr_edges WHERE emitter = ? ORDER BY seq")
              .bind(0, emitter.toString())
              .map((rs, ctx) -> edge(rs.getString(1), rs.getString(2), rs.getString(3)))
              .list();
      emitted.put(emitter, edges);
    }
    return List.copyOf(edges);
  }

  @Override
  public void replaceEmittedEdges(EntityRef emitter, List<RelationEdge> edges) {
    List<RelationEdge> before = edgesEmittedBy(emitter);
    before.forEach(e -> touchedSources.add(e.source()));
    edges.forEach(e -> touchedSources.add(e.source()));
    try {
      if (!before.isEmpty()) {
        flushEdges(); // the rows to delete may still be buffered
        PreparedStatement del = statement("DELETE FROM gr_edges WHERE emitter = ?");
        del.setString(1, emitter.toString());
        del.executeUpdate();
      }
      if (!edges.isEmpty() && copy) {
        int seq = 0;
        for (RelationEdge e : edges) {
          edgeRows.add(new EdgeRow(emitter.toString(), seq++, e));
          pendingEdges++;
        }
      } else if (!edges.isEmpty()) {
        PreparedStatement ins =
            statement(
                "INSERT INTO gr_edges (emitter, seq, source, type, target) VALUES (?, ?, ?, ?, ?)");
        int seq = 0;
        for (RelationEdge e : edges) {
          ins.setString(1, emitter.toString());
          ins.setInt(2, seq++);
          ins.setString(3, e.source().toString());
          ins.setString(4, e.type());
          ins.setString(5, e.target().toString());
          ins.addBatch();
          pendingEdges++;
        }
      }
    } catch (SQLException e) {
      throw new StoreException("writing the edges of " + emitter + " failed: " + e.getMessage(), e);
    }
    emitted.put(emitter, new ArrayList<>(edges));
    relations.clear();
    relationsLoaded = false;
  }

  /** Executes the buffered edge inserts. */
  private void flushEdges() throws SQLException {
    if (pendingEdges > 0 && copy) {
      PgCopy out = PgCopy.start(h.getConnection(), "gr_edges (emitter, seq, source, type, target)");
      try {
        for (EdgeRow r : edgeRows) {
          out.field(r.emitter()).field(r.seq()).field(r.edge().source().toString())
              .field(r.edge().type()).field(r.edge().target().toString()).endRow();
        }
        out.finish();
      } catch (SQLException | RuntimeException e) {
        out.cancel();
        throw e;
      }
      edgeRows.clear();
      pendingEdges = 0;
    } else if (pendingEdges > 0) {
      statement("INSERT INTO gr_edges (emitter, seq, source, type, target) VALUES (?, ?, ?, ?, ?)")
          .executeBatch();
      pendingEdges = 0;
    }
  }

  /** A prepared statement reused for the whole transaction; closed by {@link #flush()}. */
  private PreparedStatement statement(String sql) throws SQLException {
    PreparedStatement ps = statements.get(sql);
    if (ps == null) {
      ps = h.getConnection().prepareStatement(sql);
      statements.put(sql, ps);
    }
    return ps;
  }

  @Override
  public List<Relation> relationsOf(EntityRef source) {
    try {
      flushEdges();
    } catch (SQLException e) {
      throw new StoreException("writing edges failed: " + e.getMessage(), e);
    }
    if (!relationsLoaded) {
      Set<EntityRef> sources;
      if (stitchSources != null) {
        sources = stitchSources;
      } else {
        sources = new HashSet<>(touchedSources);
        sources.addAll(emitted.keySet());
      }
      loadRelations(sources);
      relationsLoaded = true;
    }
    List<Relation> rs = relations.get(source);
    if (rs == null) {
      loadRelations(List.of(source));
      rs = relations.get(source);
    }
    return rs;
  }

  private void loadRelations(Collection<EntityRef> sources) {
    List<EntityRef> todo = new ArrayList<>(sources);
    Map<EntityRef, TreeSet<Relation>> found = new HashMap<>();
    for (EntityRef s : todo) {
      found.put(s, new TreeSet<>());
    }
    for (int i = 0; i < todo.size(); i += CHUNK) {
      List<String> keys =
          todo.subList(i, Math.min(todo.size(), i + CHUNK)).stream()
              .map(EntityRef::toString)
              .toList();
      // no DISTINCT: the TreeSet drops the few edges two emitters share, while the database would
      // hash every row of the result (thousands per group in a bulk load) to find them
      new Sql()
          .append("SELECT source, type, target FROM gr_edges WHERE source IN (")
          .bindList(keys)
          .append(")")
          .query(h)
          .map((rs, ctx) -> edge(rs.getString(1), rs.getString(2), rs.getString(3)))
          .forEach(e -> found.get(e.source()).add(e.asRelation()));
    }
    found.forEach((k, v) -> relations.put(k, List.copyOf(v)));
  }

  @Override
  public void putEntity(Entity finalEntity, List<SearchRow> finalRows, boolean isNew) {
    List<SearchRow> rows = finalRows;
    EntityRef ref = finalEntity.ref();
    Optional<Stored> existing = isNew ? Optional.empty() : stored(ref);
    if (existing.isEmpty() || existing.get().id() < 0) {
      var replaced = newEntities.put(ref, Map.entry(finalEntity, rows));
      facetCounts.change(replaced == null ? null : replaced.getValue(), rows);
      current.put(ref, Optional.of(new Stored(-1, finalEntity)));
      return;
    }
    long id = existing.get().id();
    try {
      PreparedStatement upd =
          statement(
              "UPDATE gr_entities SET uid = ?, kind = ?, namespace = ?, name = ?, body = ?,"
                  + " etag = ?, updated_at = CURRENT_TIMESTAMP WHERE id = ?");
      upd.setString(1, uid(finalEntity));
      upd.setString(2, ref.kind());
      upd.setString(3, ref.namespace());
      upd.setString(4, ref.name());
      upd.setString(5, finalEntity.toJsonString());
      upd.setString(6, etag(finalEntity));
      upd.setLong(7, id);
      if (upd.executeUpdate() != 1) {
        throw new StoreException("entity " + ref + " vanished during the write");
      }
      // Diff the search rows: a re-stitch that only gained a relation changes one row, not 30.
      List<SearchRow> beforeRows = SearchIndex.rows(existing.get().entity());
      facetCounts.change(beforeRows, rows);
      Set<SearchRow> before = new HashSet<>(beforeRows);
      Set<SearchRow> after = new HashSet<>(rows);
      PreparedStatement del =
          statement(
              "DELETE FROM gr_search WHERE entity_id = ? AND field_key = ?"
                  + " AND field_value IS NOT DISTINCT FROM ? AND original_value IS NOT DISTINCT FROM ?");
      boolean deletes = false;
      for (SearchRow r : before) {
        if (!after.contains(r)) {
          del.setLong(1, id);
          del.setString(2, r.key());
          setNullable(del, 3, r.value());
          setNullable(del, 4, r.originalValue());
          del.addBatch();
          deletes = true;
        }
      }
      if (deletes) {
        del.executeBatch();
      }
      List<SearchRow> added = new ArrayList<>();
      for (SearchRow r : rows) {
        if (!before.contains(r)) {
          added.add(r);
        }
      }
      rows = added;
    } catch (SQLException e) {
      throw new StoreException("updating " + ref + " failed: " + e.getMessage(), e);
    }
    newRows.add(new PendingRows(id, rows));
    current.put(ref, Optional.of(new Stored(id, finalEntity)));
  }

  @Override
  public void deleteEntity(EntityRef ref) {
    Optional<Stored> s = stored(ref);
    if (s.isPresent()) {
      long id = s.get().id();
      if (id < 0) {
        var removed = newEntities.remove(ref);
        facetCounts.change(removed == null ? null : removed.getValue(), null);
      } else {
        facetCounts.change(SearchIndex.rows(s.get().entity()), null);
        h.createUpdate("DELETE FROM gr_search WHERE entity_id = ?").bind(0, id).execute();
        h.createUpdate("DELETE FROM gr_entities WHERE id = ?").bind(0, id).execute();
        newRows.removeIf(p -> p.id() == id);
      }
    }
    current.put(ref, Optional.empty());
  }

  private static String uid(Entity e) {
    String uid = e.metadata().uid();
    if (uid == null) {
      throw new StoreException("stitched entity " + e.ref() + " has no uid");
    }
    return uid;
  }

  private static String etag(Entity e) {
    String etag = e.metadata().etag();
    return etag == null ? "" : etag;
  }

  /** Writes the buffered new entities and search rows. */
  void flush() {
    Connection c = h.getConnection();
    try {
      flushEdges();
      flushDeferred();
      if (!newEntities.isEmpty()) {
        try (PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO gr_entities (ref, uid, kind, namespace, name, body, etag, updated_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, CURRENT_TIMESTAMP)")) {
          int n = 0;
          for (var e : newEntities.values()) {
            Entity entity = e.getKey();
            EntityRef ref = entity.ref();
            ps.setString(1, ref.toString());
            ps.setString(2, uid(entity));
            ps.setString(3, ref.kind());
            ps.setString(4, ref.namespace());
            ps.setString(5, ref.name());
            ps.setString(6, entity.toJsonString());
            ps.setString(7, etag(entity));
            ps.addBatch();
            if (++n % ROW_BATCH == 0) {
              ps.executeBatch();
            }
          }
          ps.executeBatch();
        }
        List<EntityRef> refs = new ArrayList<>(newEntities.keySet());
        Map<String, Long> ids = new HashMap<>();
        for (int i = 0; i < refs.size(); i += CHUNK) {
          List<String> keys =
              refs.subList(i, Math.min(refs.size(), i + CHUNK)).stream()
                  .map(EntityRef::toString)
                  .toList();
          new Sql()
              .append("SELECT ref, id FROM gr_entities WHERE ref IN (")
              .bindList(keys)
              .append(")")
              .query(h)
              .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2)))
              .forEach(e -> ids.put(e.getKey(), e.getValue()));
        }
        for (var e : newEntities.entrySet()) {
          Long id = ids.get(e.getKey().toString());
          if (id == null) {
            throw new StoreException("inserted entity " + e.getKey() + " not found");
          }
          newRows.add(new PendingRows(id, e.getValue().getValue()));
          current.put(e.getKey(), Optional.of(new Stored(id, e.getValue().getKey())));
        }
        newEntities.clear();
      }
      if (!newRows.isEmpty() && copy) {
        copySearchRows(c);
      } else if (!newRows.isEmpty()) {
        try (PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO gr_search (entity_id, field_key, field_value, original_value)"
                    + " VALUES (?, ?, ?, ?)")) {
          int n = 0;
          for (PendingRows p : newRows) {
            for (SearchRow r : p.rows()) {
              ps.setLong(1, p.id());
              ps.setString(2, r.key());
              setNullable(ps, 3, r.value());
              setNullable(ps, 4, r.originalValue());
              ps.addBatch();
              if (++n % ROW_BATCH == 0) {
                ps.executeBatch();
              }
            }
          }
          ps.executeBatch();
        }
        newRows.clear();
      }
      facetCounts.flush();
    } catch (SQLException e) {
      throw new StoreException("writing entities failed: " + e.getMessage(), e);
    } finally {
      close();
    }
  }

  /**
   * Writes the buffered search rows with one {@code COPY} on PostgreSQL: the same rows the batch
   * of {@link #flush()} inserts, without binding every value through the driver.
   */
  private void copySearchRows(Connection c) throws SQLException {
    PgCopy out = PgCopy.start(c, "gr_search (entity_id, field_key, field_value, original_value)");
    try {
      for (PendingRows p : newRows) {
        for (SearchRow r : p.rows()) {
          out.field(p.id()).field(r.key()).field(r.value()).field(r.originalValue()).endRow();
        }
      }
      out.finish();
    } catch (SQLException | RuntimeException e) {
      out.cancel();
      throw e;
    }
    newRows.clear();
  }

  /** Closes the statements this state prepared. */
  void close() {
    for (PreparedStatement ps : statements.values()) {
      try {
        ps.close();
      } catch (SQLException ignored) {
        // the transaction outcome decides; closing is best effort
      }
    }
    statements.clear();
  }

  private static void setNullable(PreparedStatement ps, int i, @Nullable String v)
      throws SQLException {
    if (v == null) {
      ps.setNull(i, Types.VARCHAR);
    } else {
      ps.setString(i, v);
    }
  }
}
