package dev.greenroom.catalog.processing.state.jdbc;

import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.processing.DeferredEntity;
import dev.greenroom.catalog.processing.state.internal.LocationKeyRule;
import dev.greenroom.catalog.store.jdbc.InList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jspecify.annotations.Nullable;

/**
 * Writes of unprocessed entities, as {@link LocationKeyRule} decides them, against the heads of
 * the rows involved (preloaded with {@link #load}: every ref written must have been looked up), so
 * that a whole provider mutation or completion is decided without a query per entity. Inserts
 * and updates are buffered and {@link #flush flushed} in JDBC batches.
 */
final class UnprocessedWrites implements LocationKeyRule.Rows {

  /** What a row holds that the location-key rule needs. */
  static final class Head implements LocationKeyRule.Held {
    final String entityId;
    String hash;
    @Nullable String locationKey;

    Head(String entityId, String hash, @Nullable String locationKey) {
      this.entityId = entityId;
      this.hash = hash;
      this.locationKey = locationKey;
    }

    @Override
    public String unprocessedHash() {
      return hash;
    }

    @Override
    public @Nullable String locationKey() {
      return locationKey;
    }
  }

  /** The heads of the rows of {@code refs} that exist, by key. */
  static Map<String, Head> load(Handle h, Collection<String> refs) {
    Map<String, Head> out = new HashMap<>();
    InList.chunks(
        refs,
        chunk ->
            InList.bind(
                    h.createQuery(
                        "SELECT entity_ref, entity_id, unprocessed_hash, location_key"
                            + " FROM gr_proc_refresh_state WHERE entity_ref IN ("
                            + InList.marks(chunk.size())
                            + ")"),
                    0,
                    chunk)
                .map(
                    (rs, ctx) ->
                        Map.entry(
                            rs.getString(1),
                            new Head(rs.getString(2), rs.getString(3), rs.getString(4))))
                .forEach(e -> out.put(e.getKey(), e.getValue())));
    return out;
  }

  /** Whether a row for {@code ref} exists. */
  static boolean exists(Handle h, String ref) {
    return h.createQuery("SELECT COUNT(*) FROM gr_proc_refresh_state WHERE entity_ref = ?")
            .bind(0, ref)
            .mapTo(Long.class)
            .one()
        > 0;
  }

  private final Map<String, Head> heads;
  private final long at;
  private final Map<String, Object[]> inserts = new LinkedHashMap<>();
  private final Map<String, Object[]> updates = new LinkedHashMap<>();
  private final Set<String> inserted = new HashSet<>();

  /**
   * @param heads the preloaded heads, updated as rows are written
   * @param at {@code next_update_at} and {@code last_discovery_at} of written rows (microseconds)
   */
  UnprocessedWrites(Map<String, Head> heads, long at) {
    this.heads = heads;
    this.at = at;
  }

  /** The heads as the writes left them. */
  Map<String, Head> heads() {
    return heads;
  }

  /** Whether this operation inserted the row of {@code ref}. */
  boolean inserted(String ref) {
    return inserted.contains(ref);
  }

  @Override
  public LocationKeyRule.@Nullable Held held(EntityRef ref) {
    return heads.get(StateSql.key(ref));
  }

  @Override
  public void insert(DeferredEntity d, String hash) {
    String ref = StateSql.key(d.entity().ref());
    Head head = new Head(UUID.randomUUID().toString(), hash, d.locationKey());
    heads.put(ref, head);
    inserted.add(ref);
    inserts.put(
        ref, new Object[] {head.entityId, ref, d.entity().toJsonString(), hash, d.locationKey(), at, at});
  }

  @Override
  public void update(DeferredEntity d, String hash) {
    String ref = StateSql.key(d.entity().ref());
    Head head = heads.get(ref);
    head.hash = hash;
    head.locationKey = d.locationKey();
    String json = d.entity().toJsonString();
    if (inserts.containsKey(ref)) {
      // inserted by this operation: the insert carries the newer data
      inserts.put(ref, new Object[] {head.entityId, ref, json, hash, d.locationKey(), at, at});
    } else {
      updates.put(ref, new Object[] {json, hash, d.locationKey(), at, at, ref});
    }
  }

  /** Writes the buffered inserts and updates. */
  void flush(Handle h) {
    StateSql.batch(
        h,
        "INSERT INTO gr_proc_refresh_state (entity_id, entity_ref, unprocessed_entity,"
            + " unprocessed_hash, location_key, next_update_at, last_discovery_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?)",
        inserts.values(),
        UnprocessedWrites::bindRow);
    StateSql.batch(
        h,
        "UPDATE gr_proc_refresh_state SET unprocessed_entity = ?, unprocessed_hash = ?,"
            + " location_key = ?, next_update_at = ?, last_discovery_at = ? WHERE entity_ref = ?",
        updates.values(),
        UnprocessedWrites::bindRow);
  }

  private static void bindRow(PreparedBatch b, Object[] values) {
    for (int i = 0; i < values.length; i++) {
      Object v = values[i];
      if (v == null) {
        b.bindNull(i, java.sql.Types.VARCHAR);
      } else if (v instanceof Long l) {
        b.bind(i, l.longValue());
      } else {
        b.bind(i, (String) v);
      }
    }
  }
}
