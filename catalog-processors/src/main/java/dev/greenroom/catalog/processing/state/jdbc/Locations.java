package dev.greenroom.catalog.processing.state.jdbc;

import dev.greenroom.catalog.processing.state.DuplicateLocationException;
import dev.greenroom.catalog.processing.state.RegisteredLocation;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/** The locations users registered, {@code gr_proc_locations}, in registration order ({@code seq}). */
final class Locations {
  private static final RowMapper<RegisteredLocation> ROW =
      (rs, ctx) -> new RegisteredLocation(rs.getString(1), rs.getString(2), rs.getString(3));

  private Locations() {}

  /** Registers a location, in the writers' transaction. */
  static RegisteredLocation add(Handle h, String type, String target) {
    Optional<RegisteredLocation> existing =
        h.createQuery("SELECT id, type, target FROM gr_proc_locations WHERE type = ? AND target = ?")
            .bind(0, type)
            .bind(1, target)
            .map(ROW)
            .findOne();
    if (existing.isPresent()) {
      throw new DuplicateLocationException(existing.get());
    }
    RegisteredLocation l = new RegisteredLocation(UUID.randomUUID().toString(), type, target);
    h.createUpdate("INSERT INTO gr_proc_locations (id, type, target) VALUES (?, ?, ?)")
        .bind(0, l.id())
        .bind(1, type)
        .bind(2, target)
        .execute();
    return l;
  }

  static Optional<RegisteredLocation> byId(Handle h, String id) {
    return h.createQuery("SELECT id, type, target FROM gr_proc_locations WHERE id = ?")
        .bind(0, id)
        .map(ROW)
        .findOne();
  }

  static List<RegisteredLocation> all(Handle h) {
    return h.createQuery("SELECT id, type, target FROM gr_proc_locations ORDER BY seq").map(ROW).list();
  }

  static boolean remove(Handle h, String id) {
    return h.createUpdate("DELETE FROM gr_proc_locations WHERE id = ?").bind(0, id).execute() > 0;
  }
}
