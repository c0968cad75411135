package dev.greenroom.scorecard.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.greenroom.catalog.Catalog;
import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.store.jdbc.DataSources;
import dev.greenroom.scorecard.Scorecards;
import dev.greenroom.scorecard.TestSupport;
import dev.greenroom.scorecard.report.TrendReport;
import dev.greenroom.testsupport.PgSchema;
import dev.greenroom.testsupport.SettableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime with {@code dataSource(..)}: retriever facts, pushed facts and recorded results live
 * in the database and survive a new runtime over the same database (H2 file, and PostgreSQL when
 * configured).
 */
class DatabaseRuntimeTest {
  static final EntityRef PAYMENTS = EntityRef.parse("component:default/payments");

  void survivesARestart(DataSource ds) {
    Catalog catalog = TestSupport.examples();
    SettableClock clock = new SettableClock(Instant.parse("2026-11-02T09:00:00Z"));
    Scorecards first =
        Scorecards.builder().catalog(catalog).clock(clock).dataSource(ds).builtinRetrievers().defaultScorecard().build();
    first.runAllRetrievers();
    first.pushFacts("ciQuality", PAYMENTS, Json.object().put("readmeHasRunbook", true).put("testCoverage", 95.5), null);
    first.pushFacts("imageScan", PAYMENTS, Json.object().put("image", "x").put("criticalCves", 0), null);
    first.evaluateAll(true);
    clock.advance(Duration.ofDays(7));

    Scorecards second =
        Scorecards.builder().catalog(catalog).clock(clock).dataSource(ds).builtinRetrievers().defaultScorecard().build();
    assertThat(second.evaluate("production-readiness", PAYMENTS).level()).isEqualTo("Silver");
    second.evaluateAll(true);
    TrendReport t = second.reports().trend("production-readiness", Instant.parse("2026-10-01T00:00:00Z"), clock.instant().plusSeconds(1));
    assertThat(t.weeks()).extracting(TrendReport.Week::week).containsExactly("2026-W45", "2026-W46");
    assertThat(t.weeks().get(0).levels()).containsEntry("Silver", 1).containsEntry("none", 11);
    assertThat(second.factStore().range(PAYMENTS, java.util.List.of("entityAnnotationsFactRetriever"), Instant.EPOCH, clock.instant())
            .get("entityAnnotationsFactRetriever"))
        .hasSize(1);
  }

  @Test
  void onH2(@TempDir Path dir) {
    HikariDataSource pool = DataSources.h2File(dir.resolve("catalog"));
    try {
      survivesARestart(pool);
    } finally {
      pool.close();
    }
  }

  @Test
  void onPostgres() {
    try (PgSchema schema = PgSchema.create("gr_fact_rt");
        HikariDataSource pool = DataSources.postgres(schema.url())) {
      survivesARestart(pool);
    }
  }
}
