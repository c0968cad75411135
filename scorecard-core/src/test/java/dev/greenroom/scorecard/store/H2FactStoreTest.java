package dev.greenroom.scorecard.store;

import com.zaxxer.hikari.HikariDataSource;
import dev.greenroom.catalog.store.jdbc.DataSources;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The contract on an H2 file database; one database per test. */
class H2FactStoreTest extends FactStoreContract {
  @TempDir Path dir;
  private HikariDataSource pool;
  private JdbcScorecardStore store;

  @Override
  FactStore store() {
    pool = DataSources.h2File(dir.resolve("facts"));
    store = new JdbcScorecardStore(pool);
    return store;
  }

  @Override
  ResultHistory history() {
    return store != null ? store : (JdbcScorecardStore) store();
  }

  @AfterEach
  void close() {
    if (pool != null) {
      pool.close();
    }
  }

  @Test
  void migrationsRunOnceAndASecondStoreSharesTheTables() {
    FactStore s = store();
    s.insert(java.util.List.of(fact("ci", A, 0, 1)));
    JdbcScorecardStore again = new JdbcScorecardStore(pool);
    assertThat(again.latest(A, java.util.List.of("ci"))).containsKey("ci");
    assertThat(JdbcScorecardStore.MIGRATIONS.latestVersion()).isEqualTo(2);
    assertThat(org.jdbi.v3.core.Jdbi.create(pool).withHandle(JdbcScorecardStore.MIGRATIONS::currentVersion)).isEqualTo(2);
  }
}
