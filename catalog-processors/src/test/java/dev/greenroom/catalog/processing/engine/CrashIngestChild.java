package dev.greenroom.catalog.processing.engine;

import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.catalog.processing.location.CatalogRules;
import dev.greenroom.catalog.processing.state.jdbc.JdbcProcessingState;
import dev.greenroom.catalog.store.jdbc.JdbcEntityStore;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The process {@link CrashRecoveryTest} starts (and kills): opens the catalog store ({@code h2}
 * file or {@code pg} URL) and processing state in one database, runs an engine with its own loop
 * thread, as a server does, over one {@code file} location, and prints {@code progress <count>}
 * every 100 ms until the catalog holds {@code expected} entities and the engine is idle; then
 * prints {@code done <milliseconds since start>}, closes the engine and exits.
 *
 * <p>Arguments: {@code h2|pg}, the H2 file or PostgreSQL URL, the location file, the expected
 * entity count.
 */
public final class CrashIngestChild {
  private CrashIngestChild() {}

  public static void main(String[] args) throws Exception {
    long t0 = System.nanoTime();
    JdbcEntityStore store = args[0].equals("h2")
        ? JdbcEntityStore.h2File(Path.of(args[1]))
        : JdbcEntityStore.postgres(args[1]);
    long expected = Long.parseLong(args[3]);
    CatalogEngine.Builder builder = CatalogEngine.builder()
        .store(store)
        .state(JdbcProcessingState.create(store.dataSource()))
        .location("file", args[2])
        .rules(CatalogRules.allowAll());
    if (args[0].equals("pg")) {
      // a server restarted in place keeps its instance id, which frees its claims on PostgreSQL;
      // on H2 the engine keeps its random id: the first open of the file frees every claim
      builder.instanceId("crash-test-server");
    }
    CatalogEngine engine = builder.build();
    engine.start();
    while (true) {
      long count = store.size();
      System.out.println("progress " + count);
      if (count == expected && engine.awaitIdle(Duration.ZERO)) {
        System.out.println("done " + (System.nanoTime() - t0) / 1_000_000);
        engine.close();
        System.exit(0);
      }
      Thread.sleep(100);
    }
  }
}
