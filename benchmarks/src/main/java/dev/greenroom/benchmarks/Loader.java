package dev.greenroom.benchmarks;

import dev.greenroom.catalog.model.BuiltinRelations;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.store.EntityStore;
import dev.greenroom.catalog.store.WriteBatch;
import dev.greenroom.catalog.store.jdbc.JdbcEntityStore;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** Loads entities into a store in batches and reports the time it took. */
final class Loader {
  static final int BATCH = 10_000;

  private Loader() {}

  /** Writes {@code entities} with their built-in relations, then closes the store. */
  static void load(EntityStore store, List<Entity> entities, PrintStream log) {
    long start = System.nanoTime();
    try (store) {
      for (int i = 0; i < entities.size(); i += BATCH) {
        WriteBatch batch = new WriteBatch();
        for (Entity e : entities.subList(i, Math.min(entities.size(), i + BATCH))) {
          batch.upsert(e, BuiltinRelations.of(e));
        }
        store.write(batch);
      }
      if (store instanceof JdbcEntityStore jdbc) {
        jdbc.analyze();
      }
    }
    log.printf(
        "loaded %,d entities in %.1f s%n", entities.size(), (System.nanoTime() - start) / 1e9);
  }

  /**
   * Rewrites an H2 file without the pages that the load's transactions left behind (H2's
   * copy-on-write store grows to many times its live size during a bulk load).
   */
  static void compactH2(Path file, PrintStream log) {
    long start = System.nanoTime();
    try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + file.toAbsolutePath(), "sa", "");
        Statement s = c.createStatement()) {
      s.execute("SHUTDOWN COMPACT");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot compact " + file, e);
    }
    log.printf("compacted in %.1f s%n", (System.nanoTime() - start) / 1e9);
  }
}
