package dev.greenroom.benchmarks.scorecard;

import com.zaxxer.hikari.HikariDataSource;
import dev.greenroom.catalog.Catalog;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.store.jdbc.DataSources;
import dev.greenroom.scorecard.RetrieverRun;
import dev.greenroom.scorecard.Scorecards;
import dev.greenroom.scorecard.card.ScorecardResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Facts in a database: runs the six built-in catalog retrievers over N components (default
 * 100,000) into {@code gr_fact_*} tables, then evaluates the default scorecards reading the latest
 * facts from the database.
 *
 * <pre>
 * java -Xmx4g -cp benchmarks/target/benchmarks.jar dev.greenroom.benchmarks.scorecard.ScorecardDatabaseBenchmark [entities] [jdbc-url]
 * </pre>
 *
 * Without a URL the facts go to an H2 file in a temporary folder; a {@code jdbc:postgresql:} URL
 * uses PostgreSQL (its tables are left in place).
 */
public final class ScorecardDatabaseBenchmark {
  private ScorecardDatabaseBenchmark() {}

  /** Entry point: {@code [entities] [jdbc-url]}. */
  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    String url = args.length > 1 ? args[1] : null;
    Catalog catalog = Catalog.builder().cacheSize(0).build();
    Random rnd = new Random(42);
    List<Entity> batch = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      batch.add(ScorecardBenchmark.entity(i, rnd));
      if (batch.size() == 10_000) {
        catalog.upsert(batch);
        batch.clear();
      }
    }
    catalog.upsert(batch);
    Path dir = Files.createTempDirectory("gr-scorecard-bench");
    HikariDataSource pool =
        url == null ? DataSources.h2File(dir.resolve("facts")) : DataSources.postgres(url);
    try {
      Scorecards sc =
          Scorecards.builder().catalog(catalog).dataSource(pool).builtinRetrievers().defaultScorecard().build();
      long t0 = System.nanoTime();
      int stored = 0;
      for (RetrieverRun r : sc.runAllRetrievers()) {
        stored += r.stored();
      }
      long t1 = System.nanoTime();
      System.out.printf("%s: %,d entities; 6 built-in retrievers stored %,d facts in %.1f s%n",
          url == null ? "H2 file" : "PostgreSQL", n, stored, (t1 - t0) / 1e9);
      for (int r = 0; r < 3; r++) {
        long s = System.nanoTime();
        List<ScorecardResult> rs = sc.evaluateAll(false);
        System.out.printf("default scorecards over the database's latest facts: %,d results in %,d ms%n",
            rs.size(), (System.nanoTime() - s) / 1_000_000);
      }
    } finally {
      pool.close();
    }
  }
}
