package dev.greenroom.scorecard.store;

import com.zaxxer.hikari.HikariDataSource;
import dev.greenroom.catalog.store.jdbc.DataSources;
import dev.greenroom.testsupport.PgSchema;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/**
 * The contract on PostgreSQL (system property {@code greenroom.test.pg.url}, set by the build;
 * skipped only when empty, failing when the database is unreachable). Each test gets its own
 * schema, dropped afterwards.
 */
class PostgresFactStoreTest extends FactStoreContract {
  private final List<PgSchema> schemas = new ArrayList<>();
  private final List<HikariDataSource> pools = new ArrayList<>();
  private JdbcScorecardStore store;

  @Override
  FactStore store() {
    PgSchema schema = PgSchema.create("gr_fact_test");
    schemas.add(schema);
    var pool = DataSources.postgres(schema.url());
    pools.add(pool);
    store = new JdbcScorecardStore(pool);
    return store;
  }

  @Override
  ResultHistory history() {
    return store != null ? store : (JdbcScorecardStore) store();
  }

  @AfterEach
  void drop() {
    pools.forEach(HikariDataSource::close);
    schemas.forEach(PgSchema::drop);
  }
}
