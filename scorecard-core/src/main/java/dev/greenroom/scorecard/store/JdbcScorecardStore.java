package dev.greenroom.scorecard.store;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.store.jdbc.InList;
import dev.greenroom.catalog.store.jdbc.JdbcDatabase;
import dev.greenroom.catalog.store.jdbc.JdbcOptions;
import dev.greenroom.catalog.store.jdbc.SchemaMigrations;
import dev.greenroom.scorecard.ScorecardException;
import dev.greenroom.scorecard.fact.Fact;
import dev.greenroom.scorecard.fact.Retention;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.jdbi.v3.core.statement.PreparedBatch;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Facts and results in the catalog's database (H2 or PostgreSQL), tables {@code gr_fact_*}:
 *
 * <ul>
 *   <li>{@code gr_fact_facts}: every inserted fact row (history; retention deletes from it);
 *   <li>{@code gr_fact_latest}: the latest row per entity and retriever, kept in the insert's
 *       transaction so that "latest" reads one row per retriever however long the history (its
 *       {@code seq} column is unused, 0);
 *   <li>{@code gr_fact_results}: recorded scorecard evaluations (level and score) for trends.
 * </ul>
 *
 * <p>Times are stored as epoch milliseconds. Entities are stored by their canonical lower-case ref.
 * The schema is migrated at construction with {@link #MIGRATIONS} (own version table, own
 * PostgreSQL advisory-lock key).
 */
public final class JdbcScorecardStore implements FactStore, ResultHistory {
  /** The migrations of the {@code gr_fact_*} tables. */
  public static final SchemaMigrations MIGRATIONS =
      new SchemaMigrations(
          "scorecard store",
          "gr_fact_schema_version",
          JdbcScorecardStore.class,
          "migrations",
          List.of("V1__facts.sql", "V2__latest_c_order.sql"),
          0x6772_6661_6374L);

  private static final int CHUNK = 500;
  private static final int SMALL = 100;

  private final JdbcDatabase db;
  private final boolean h2;

  /** A store over {@code dataSource}; migrates the schema first. */
  public JdbcScorecardStore(DataSource dataSource) {
    this(dataSource, JdbcOptions.defaults());
  }

  /**
   * A store over {@code dataSource} with these read options: reads have a statement timeout (30 s
   * by default) and run once more after a broken connection; writes are never retried.
   */
  public JdbcScorecardStore(DataSource dataSource, JdbcOptions options) {
    this.db = JdbcDatabase.open(dataSource, null, false, MIGRATIONS, options);
    this.h2 = !db.isPostgres();
  }


  @Override
  public void insert(List<Fact> facts) {
    if (facts.isEmpty()) {
      return;
    }
    // the newest fact per entity and retriever of this insert (a later one wins a tie) is the only
    // candidate for gr_fact_latest
    Map<String, Fact> newest = new LinkedHashMap<>();
    for (Fact f : facts) {
      newest.merge(f.entity() + "\u0000" + f.id(), f, (a, b) -> b.timestamp().isBefore(a.timestamp()) ? a : b);
    }
    db.transaction(
        h -> {
          for (int from = 0; from < facts.size(); from += CHUNK) {
            PreparedBatch b =
                h.prepareBatch("INSERT INTO gr_fact_facts (id, version, entity, ts_ms, facts) VALUES (?, ?, ?, ?, ?)");
            for (Fact f : facts.subList(from, Math.min(facts.size(), from + CHUNK))) {
              b.bind(0, f.id())
                  .bind(1, f.version())
                  .bind(2, f.entity().toString())
                  .bind(3, f.timestamp().toEpochMilli())
                  .bind(4, Json.write(f.values()))
                  .add();
            }
            b.execute();
          }
          List<Fact> latest = new ArrayList<>(newest.values());
          for (int from = 0; from < latest.size(); from += CHUNK) {
            List<Fact> chunk = latest.subList(from, Math.min(latest.size(), from + CHUNK));
            PreparedBatch up =
                h.prepareBatch(
                    "UPDATE gr_fact_latest SET version = ?, ts_ms = ?, facts = ? WHERE entity = ? AND id = ? AND ts_ms <= ?");
            for (Fact f : chunk) {
              up.bind(0, f.version())
                  .bind(1, f.timestamp().toEpochMilli())
                  .bind(2, Json.write(f.values()))
                  .bind(3, f.entity().toString())
                  .bind(4, f.id())
                  .bind(5, f.timestamp().toEpochMilli())
                  .add();
            }
            int[] updated = up.execute();
            PreparedBatch ins =
                h.prepareBatch(
                    "INSERT INTO gr_fact_latest (entity, id, seq, version, ts_ms, facts) "
                        + "SELECT ?, ?, 0, ?, ?, ? WHERE NOT EXISTS "
                        + "(SELECT 1 FROM gr_fact_latest WHERE entity = ? AND id = ?)");
            for (int i = 0; i < chunk.size(); i++) {
              if (updated[i] == 0) {
                Fact f = chunk.get(i);
                ins.bind(0, f.entity().toString())
                    .bind(1, f.id())
                    .bind(2, f.version())
                    .bind(3, f.timestamp().toEpochMilli())
                    .bind(4, Json.write(f.values()))
                    .bind(5, f.entity().toString())
                    .bind(6, f.id())
                    .add();
              }
            }
            if (ins.size() > 0) {
              ins.execute();
            }
          }
          return null;
        });
  }

  @Override
  public Map<String, Fact> latest(EntityRef entity, Collection<String> ids) {
    Map<EntityRef, Map<String, Fact>> m = latest(List.of(entity), ids);
    return m.getOrDefault(entity, Map.of());
  }

  /**
   * {@inheritDoc}
   *
   * <p>Up to {@value #SMALL} entities are read with an {@code IN} list. More are sorted and read in
   * slices of {@value #CHUNK} by key range ({@code entity BETWEEN first AND last}), keeping the rows
   * of the asked entities: long {@code IN} lists were read by scanning (H2 always, PostgreSQL on a
   * freshly loaded table), while a range is one index walk. The range is in Java's string order: H2
   * compares strings that way, PostgreSQL with {@code COLLATE "C"} and its own index (migration 2).
   * A bulk evaluation asks for sorted, dense chunks, the range's good case.
   */
  @Override
  public Map<EntityRef, Map<String, Fact>> latest(Collection<EntityRef> entities, Collection<String> ids) {
    Map<EntityRef, Map<String, Fact>> out = new HashMap<>();
    if (entities.isEmpty() || ids.isEmpty()) {
      return out;
    }
    List<String> refs = entities.stream().map(EntityRef::toString).distinct().sorted().toList();
    List<String> idList = List.copyOf(new LinkedHashSet<>(ids));
    db.read(
        h -> {
          out.clear(); // a retried read starts again
          if (refs.size() <= SMALL) {
            InList.chunks(refs, chunk ->
                InList.bind(
                        InList.bind(
                            h.createQuery(
                                "SELECT id, version, entity, ts_ms, facts FROM gr_fact_latest "
                                    + "WHERE entity IN (" + InList.marks(chunk.size()) + ")"
                                    + " AND id IN (" + InList.marks(idList.size()) + ")"),
                            0,
                            chunk),
                        chunk.size(),
                        idList)
                    .map((rs, ctx) -> fact(rs))
                    .forEach(f -> out.computeIfAbsent(f.entity(), k -> new HashMap<>()).put(f.id(), f)));
            return null;
          }
          for (int from = 0; from < refs.size(); from += CHUNK) {
            List<String> slice = refs.subList(from, Math.min(refs.size(), from + CHUNK));
            java.util.Set<String> wanted = new java.util.HashSet<>(slice);
            InList.bind(
                    h.createQuery(
                            "SELECT id, version, entity, ts_ms, facts FROM gr_fact_latest WHERE "
                                + (h2 ? "entity >= ? AND entity <= ?" : "entity COLLATE \"C\" >= ? AND entity COLLATE \"C\" <= ?")
                                + " AND id IN (" + InList.marks(idList.size()) + ")")
                        .bind(0, slice.get(0))
                        .bind(1, slice.get(slice.size() - 1)),
                    2,
                    idList)
                .map((rs, ctx) -> wanted.contains(rs.getString(3)) ? fact(rs) : null)
                .forEach(
                    f -> {
                      if (f != null) {
                        out.computeIfAbsent(f.entity(), k -> new HashMap<>()).put(f.id(), f);
                      }
                    });
          }
          return null;
        });
    return out;
  }

  @Override
  public Map<String, List<Fact>> range(
      EntityRef entity, Collection<String> ids, Instant start, Instant end) {
    Map<String, List<Fact>> out = new LinkedHashMap<>();
    for (String id : ids) {
      out.put(id, new ArrayList<>());
    }
    if (ids.isEmpty()) {
      return out;
    }
    db.read(
        h -> {
          out.values().forEach(List::clear); // a retried read starts again
          List<String> idList = List.copyOf(new LinkedHashSet<>(ids));
          InList.bind(
                  h.createQuery(
                          "SELECT id, version, entity, ts_ms, facts FROM gr_fact_facts "
                              + "WHERE entity = ? AND id IN (" + InList.marks(idList.size()) + ")"
                              + " AND ts_ms >= ? AND ts_ms <= ? ORDER BY ts_ms, seq")
                      .bind(0, entity.toString()),
                  1,
                  idList)
              .bind(1 + idList.size(), start.toEpochMilli())
              .bind(2 + idList.size(), end.toEpochMilli())
              .map((rs, ctx) -> fact(rs))
              .forEach(f -> out.get(f.id()).add(f));
          return null;
        });
    return out;
  }

  @Override
  public Set<EntityRef> entities() {
    Set<EntityRef> out = new LinkedHashSet<>();
    db.read(
        h -> {
          out.clear(); // a retried read starts again
          h.createQuery("SELECT DISTINCT entity FROM gr_fact_latest ORDER BY entity")
              .mapTo(String.class)
              .forEach(s -> out.add(EntityRef.parse(s)));
          return null;
        });
    return out;
  }

  @Override
  public int applyRetention(String id, Retention retention, Instant now) {
    return db.transaction(
        h -> {
          int deleted = 0;
          if (retention.timeToLive() != null) {
            long cutoff = now.minus(retention.timeToLive()).toEpochMilli();
            deleted +=
                h.createUpdate("DELETE FROM gr_fact_facts WHERE id = ? AND ts_ms < ?")
                    .bind(0, id)
                    .bind(1, cutoff)
                    .execute();
            h.createUpdate("DELETE FROM gr_fact_latest WHERE id = ? AND ts_ms < ?")
                .bind(0, id)
                .bind(1, cutoff)
                .execute();
          }
          if (retention.maxItems() > 0) {
            deleted +=
                h.createUpdate(
                        "DELETE FROM gr_fact_facts WHERE id = :id AND seq IN (SELECT f.seq FROM gr_fact_facts f "
                            + "WHERE f.id = :id AND (SELECT COUNT(*) FROM gr_fact_facts g WHERE g.id = f.id "
                            + "AND g.entity = f.entity AND (g.ts_ms > f.ts_ms OR (g.ts_ms = f.ts_ms AND g.seq > f.seq))) >= :max)")
                    .bind("id", id)
                    .bind("max", retention.maxItems())
                    .execute();
          }
          return deleted;
        });
  }

  @Override
  public void record(List<HistoryEntry> entries) {
    if (entries.isEmpty()) {
      return;
    }
    db.transaction(
        h -> {
          PreparedBatch b =
              h.prepareBatch(
                  "INSERT INTO gr_fact_results (scorecard_id, entity, evaluated_ms, level_name, score, max_score) "
                      + "VALUES (?, ?, ?, ?, ?, ?)");
          int n = 0;
          for (HistoryEntry e : entries) {
            b.bind(0, e.scorecardId())
                .bind(1, e.entity().toString())
                .bind(2, e.evaluatedAt().toEpochMilli())
                .bind(3, e.level())
                .bind(4, e.score())
                .bind(5, e.maxScore())
                .add();
            if (++n % CHUNK == 0) {
              b.execute();
            }
          }
          if (b.size() > 0) {
            b.execute();
          }
          return null;
        });
  }

  @Override
  public List<HistoryEntry> history(String scorecardId, Instant from, Instant to) {
    return db.read(
        h ->
            h.createQuery(
                    "SELECT entity, evaluated_ms, level_name, score, max_score FROM gr_fact_results "
                        + "WHERE scorecard_id = ? AND evaluated_ms >= ? AND evaluated_ms < ? ORDER BY evaluated_ms, seq")
                .bind(0, scorecardId)
                .bind(1, from.toEpochMilli())
                .bind(2, to.toEpochMilli())
                .map(
                    (rs, ctx) ->
                        new HistoryEntry(
                            scorecardId,
                            EntityRef.parse(rs.getString(1)),
                            Instant.ofEpochMilli(rs.getLong(2)),
                            rs.getString(3),
                            rs.getDouble(4),
                            rs.getDouble(5)))
                .list());
  }

  private static Fact fact(ResultSet rs) throws SQLException {
    JsonNode values = Json.parse(rs.getString(5));
    if (!values.isObject()) {
      throw new ScorecardException("stored facts of " + rs.getString(1) + " for " + rs.getString(3) + " are not an object");
    }
    return new Fact(
        rs.getString(1),
        rs.getString(2),
        EntityRef.parse(rs.getString(3)),
        Instant.ofEpochMilli(rs.getLong(4)),
        (ObjectNode) values);
  }
}
