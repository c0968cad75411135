package dev.greenroom.catalog.processing.state.jdbc;

import static dev.greenroom.catalog.processing.state.jdbc.StateSql.batch;
import static dev.greenroom.catalog.processing.state.jdbc.StateSql.key;

import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.processing.state.StitchInput;
import dev.greenroom.catalog.processing.state.internal.StateSupport;
import dev.greenroom.catalog.store.jdbc.InList;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * The stitch queue, {@code gr_proc_stitch_queue}: one row per ref whose final entity may have
 * changed, with a ticket that every re-queue replaces, a lease, and an identity {@code seq} for
 * queue order. An instance collects the refs one write transaction queues and writes them with new
 * tickets at its end ({@link #flush}); the static methods claim and finish.
 */
final class StitchQueue {
  private final Handle h;
  private final boolean postgres;
  private final Set<String> refs = new TreeSet<>();

  StitchQueue(Handle h, boolean postgres) {
    this.h = h;
    this.postgres = postgres;
  }

  /** Queues {@code ref} (its stored key) when the transaction flushes. */
  void add(String ref) {
    refs.add(ref);
  }

  /** Writes the queued refs, each with a new ticket; a ref queued already keeps its place. */
  void flush() {
    String sql =
        postgres
            ? "INSERT INTO gr_proc_stitch_queue (entity_ref, ticket) VALUES (?, ?)"
                + " ON CONFLICT (entity_ref) DO UPDATE SET ticket = EXCLUDED.ticket"
            : "MERGE INTO gr_proc_stitch_queue (entity_ref, ticket) KEY (entity_ref)"
                + " VALUES (?, ?)";
    batch(h, sql, refs, (b, r) -> b.bind(0, r).bind(1, UUID.randomUUID().toString()));
    refs.clear();
  }

  /**
   * Claims up to {@code limit} queued refs whose lease is free or expired, oldest first, for
   * {@code owner} until {@code until}, and reads what stitching needs. On PostgreSQL the queue rows
   * are selected {@code FOR UPDATE SKIP LOCKED} (see {@link ClaimDue#skipLocked}).
   */
  static List<StitchInput> claim(
      Handle h, boolean postgres, String owner, int limit, long at, long until) {
    Map<String, String> tickets = new LinkedHashMap<>();
    h.createQuery(
            "SELECT entity_ref, ticket FROM gr_proc_stitch_queue"
                + " WHERE lease_until IS NULL OR lease_until <= ? ORDER BY seq"
                + " FETCH FIRST "
                + limit
                + " ROWS ONLY"
                + ClaimDue.skipLocked(postgres))
        .bind(0, at)
        .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
        .forEach(e -> tickets.put(e.getKey(), e.getValue()));
    batch(
        h,
        "UPDATE gr_proc_stitch_queue SET lease_owner = ?, lease_until = ? WHERE entity_ref = ?",
        tickets.keySet(),
        (b, r) -> b.bind(0, owner).bind(1, until).bind(2, r));
    Map<String, StitchInput> rows = new HashMap<>();
    InList.chunks(
        tickets.keySet(),
        chunk ->
            InList.bind(
                    h.createQuery(
                        "SELECT entity_ref, entity_id, processed_entity, errors, relations"
                            + " FROM gr_proc_refresh_state WHERE entity_ref IN ("
                            + InList.marks(chunk.size())
                            + ")"),
                    0,
                    chunk)
                .map(
                    (rs, ctx) -> {
                      String r = rs.getString(1);
                      String p = rs.getString(3);
                      Entity processed = p == null ? null : Entity.fromJson(p);
                      return Map.entry(
                          r,
                          new StitchInput(
                              processed == null ? EntityRef.parse(r) : processed.ref(),
                              tickets.get(r),
                              true,
                              rs.getString(2),
                              processed,
                              StateSupport.errors(rs.getString(4)),
                              false,
                              StateSql.relations(rs.getString(5))));
                    })
                .forEach(e -> rows.put(e.getKey(), e.getValue())));
    Set<String> referenced = new References(h).referencedAmong(rows.keySet());
    List<StitchInput> out = new ArrayList<>();
    for (Map.Entry<String, String> e : tickets.entrySet()) {
      StitchInput s = rows.get(e.getKey());
      if (s == null) {
        out.add(
            new StitchInput(
                EntityRef.parse(e.getKey()), e.getValue(), false, null, null, List.of(), true, List.of()));
      } else {
        out.add(
            new StitchInput(
                s.ref(),
                s.ticket(),
                true,
                s.entityId(),
                s.processed(),
                s.errors(),
                !referenced.contains(e.getKey()),
                s.relations()));
      }
    }
    return out;
  }

  /**
   * Ends stitch claims: a ref whose ticket is still the one claimed leaves the queue; one
   * re-queued meanwhile stays, its lease released when {@code owner} held it.
   */
  static void finish(Handle h, String owner, Collection<StitchInput> done) {
    batch(
        h,
        "DELETE FROM gr_proc_stitch_queue WHERE entity_ref = ? AND ticket = ?",
        done,
        (b, s) -> b.bind(0, key(s.ref())).bind(1, s.ticket()));
    batch(
        h,
        "UPDATE gr_proc_stitch_queue SET lease_owner = NULL, lease_until = NULL"
            + " WHERE entity_ref = ? AND lease_owner = ?",
        done,
        (b, s) -> b.bind(0, key(s.ref())).bind(1, owner));
  }

  /** The number of queued refs. */
  static long size(Handle h) {
    return h.createQuery("SELECT COUNT(*) FROM gr_proc_stitch_queue").mapTo(Long.class).one();
  }
}
