package dev.greenroom.catalog.processing.state.jdbc;

import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.processing.state.ClaimedEntity;
import dev.greenroom.catalog.processing.state.internal.StateSupport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Claims due rows for processing: rows with {@code next_update_at <= now} whose lease is free or
 * expired, oldest first (the {@code (next_update_at, entity_ref)} index walked from its head), each
 * leased to the engine and moved one processing interval on.
 *
 * <p>On PostgreSQL the select is {@code FOR UPDATE SKIP LOCKED} and runs in a transaction of its
 * own, without the writers' lock, so engines never wait for each other and never claim a row
 * another holds. On H2 (one process per database) it runs under the writers' lock, without a
 * locking clause: H2 locks every matching row before it applies the limit, which would make a
 * claim scan the whole due queue (hundreds of milliseconds at 100,000 due rows).
 */
final class ClaimDue {
  private ClaimDue() {}

  /** The locking clause of claims: {@code FOR UPDATE SKIP LOCKED} on PostgreSQL, none on H2. */
  static String skipLocked(boolean postgres) {
    return postgres ? " FOR UPDATE SKIP LOCKED" : "";
  }

  static List<ClaimedEntity> run(
      Handle h,
      boolean postgres,
      String owner,
      int limit,
      Instant at,
      Duration lease,
      Supplier<Duration> nextInterval) {
    long atMicros = StateSupport.micros(at);
    long until = StateSupport.micros(StateSupport.time(at.plus(lease)));
    List<ClaimedEntity> out =
        h.createQuery(
                "SELECT entity_ref, entity_id, unprocessed_entity, result_hash, location_key,"
                    + " cache FROM gr_proc_refresh_state WHERE next_update_at <= ?"
                    + " AND (lease_until IS NULL OR lease_until <= ?)"
                    + " ORDER BY next_update_at, entity_ref"
                    + " FETCH FIRST "
                    + limit
                    + " ROWS ONLY"
                    + skipLocked(postgres))
            .bind(0, atMicros)
            .bind(1, atMicros)
            .map(
                (rs, ctx) -> {
                  Entity e = Entity.fromJson(rs.getString(3));
                  return new ClaimedEntity(
                      e.ref(),
                      rs.getString(2),
                      e,
                      rs.getString(4),
                      rs.getString(5),
                      StateSql.cache(rs.getString(6)));
                })
            .list();
    PreparedBatch b =
        h.prepareBatch(
            "UPDATE gr_proc_refresh_state SET next_update_at = ?, lease_owner = ?,"
                + " lease_until = ? WHERE entity_id = ?");
    for (ClaimedEntity c : out) {
      long next = StateSupport.micros(StateSupport.time(at.plus(nextInterval.get())));
      b.bind(0, next).bind(1, owner).bind(2, until).bind(3, c.entityId()).add();
    }
    if (b.size() > 0) {
      b.execute();
    }
    return out;
  }
}
