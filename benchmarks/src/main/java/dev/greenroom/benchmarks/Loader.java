package dev.greenroom.benchmarks;

import dev.greenroom.catalog.model.BuiltinRelations;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.store.EntityStore;
import dev.greenroom.catalog.store.WriteBatch;
import dev.greenroom.catalog.store.jdbc.JdbcEntityStore;
import java.io.PrintStream;
import java.util.List;

/** Loads entities into a store in batches and reports the time it took. */
final class Loader {
  static final int BATCH = 1_000;

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
}
