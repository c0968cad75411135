package dev.greenroom.catalog.processing.state.jdbc;

import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.processing.state.ProcessingStateStore.Unprocessed;
import dev.greenroom.catalog.processing.state.RefreshState;
import dev.greenroom.catalog.processing.state.internal.StateSupport;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;

/** The reads of rows and references, for operators and tests; each runs on a read handle. */
final class ReadState {
  private static final String ROW_COLUMNS =
      "SELECT entity_id, unprocessed_entity, processed_entity, result_hash, errors,"
          + " location_key, next_update_at, last_discovery_at FROM gr_proc_refresh_state";

  private ReadState() {}

  /** The row of the stored key {@code ref}, with its refresh keys. */
  static Optional<RefreshState> row(Handle h, String ref) {
    List<String> keys =
        h.createQuery(
                "SELECT refresh_key FROM gr_proc_refresh_keys WHERE entity_ref = ?"
                    + " ORDER BY refresh_key")
            .bind(0, ref)
            .mapTo(String.class)
            .list();
    return h.createQuery(ROW_COLUMNS + " WHERE entity_ref = ?")
        .bind(0, ref)
        .map((rs, ctx) -> row(rs, new ArrayList<>(new TreeSet<>(keys))))
        .findOne();
  }

  /** The stored key of the row with this entity id. */
  static Optional<String> refOf(Handle h, String entityId) {
    return h.createQuery("SELECT entity_ref FROM gr_proc_refresh_state WHERE entity_id = ?")
        .bind(0, entityId)
        .mapTo(String.class)
        .findOne();
  }

  /** Rows never processed successfully, by ref (refresh keys not read: such rows have none). */
  static List<RefreshState> unprocessed(Handle h, Unprocessed which, int limit) {
    String hash = which == Unprocessed.FAILED ? "result_hash IS NOT NULL" : "result_hash IS NULL";
    return h.createQuery(
            ROW_COLUMNS + " WHERE processed_entity IS NULL AND " + hash + " ORDER BY entity_ref LIMIT ?")
        .bind(0, limit)
        .map((rs, ctx) -> row(rs, List.of()))
        .list();
  }

  /** The parents ({@code parents}) or children of {@code ref}, sorted. */
  static List<EntityRef> neighbours(Handle h, String ref, boolean parents) {
    String sql =
        parents
            ? "SELECT DISTINCT source_ref FROM gr_proc_references"
                + " WHERE target_ref = ? AND source_ref IS NOT NULL"
            : "SELECT DISTINCT target_ref FROM gr_proc_references WHERE source_ref = ?";
    List<EntityRef> out = new ArrayList<>();
    for (String s : h.createQuery(sql).bind(0, ref).mapTo(String.class).list()) {
      out.add(EntityRef.parse(s));
    }
    out.sort(null);
    return out;
  }

  /** Every source key that references a row, sorted. */
  static List<String> sourceKeys(Handle h) {
    return h.createQuery(
            "SELECT DISTINCT source_key FROM gr_proc_references"
                + " WHERE source_key IS NOT NULL ORDER BY source_key")
        .mapTo(String.class)
        .list();
  }

  /** The number of rows in {@code table}, one of the store's. */
  static long count(Handle h, String table) {
    return h.createQuery("SELECT COUNT(*) FROM " + table).mapTo(Long.class).one();
  }

  /** The number of rows due at {@code at}. */
  static long due(Handle h, long at) {
    return h.createQuery("SELECT COUNT(*) FROM gr_proc_refresh_state WHERE next_update_at <= ?")
        .bind(0, at)
        .mapTo(Long.class)
        .one();
  }

  /** The earliest {@code next_update_at} of the rows due at {@code at}, or null. */
  static @Nullable Long oldestDue(Handle h, long at) {
    // the due index's head, not MIN(..): H2 answers MIN under a WHERE by reading every due row,
    // while an ordered read with a limit stops at the first on both databases
    return h.createQuery(
            "SELECT next_update_at FROM gr_proc_refresh_state WHERE next_update_at <= ?"
                + " ORDER BY next_update_at FETCH FIRST 1 ROWS ONLY")
        .bind(0, at)
        .mapTo(Long.class)
        .findOne()
        .orElse(null);
  }

  private static RefreshState row(ResultSet rs, List<String> refreshKeys) throws SQLException {
    Entity unprocessed = Entity.fromJson(rs.getString(2));
    String p = rs.getString(3);
    return new RefreshState(
        unprocessed.ref(),
        rs.getString(1),
        unprocessed,
        p == null ? null : Entity.fromJson(p),
        rs.getString(4),
        StateSupport.errors(rs.getString(5)),
        rs.getString(6),
        StateSupport.instant(rs.getLong(7)),
        refreshKeys,
        lastDiscovery(rs, 8));
  }

  private static @Nullable Instant lastDiscovery(ResultSet rs, int column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : StateSupport.instant(v);
  }
}
