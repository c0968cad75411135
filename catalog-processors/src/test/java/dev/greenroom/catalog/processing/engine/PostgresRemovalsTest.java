package dev.greenroom.catalog.processing.engine;

import dev.greenroom.catalog.processing.state.jdbc.JdbcProcessingState;
import dev.greenroom.catalog.store.jdbc.JdbcEntityStore;
import dev.greenroom.testsupport.PgSchema;
import org.junit.jupiter.api.AfterAll;

/** {@link RemovalsTest} on PostgreSQL, in a schema of its own that each test recreates. */
class PostgresRemovalsTest extends RemovalsTest {
  static final PgSchema SCHEMA = new PgSchema("gr_removals_test");

  @AfterAll
  static void drop() {
    SCHEMA.drop();
  }

  @Override
  void openStores() {
    SCHEMA.recreate();
    JdbcEntityStore s = JdbcEntityStore.postgres(SCHEMA.url());
    store = s;
    state = JdbcProcessingState.create(s.dataSource());
  }
}
