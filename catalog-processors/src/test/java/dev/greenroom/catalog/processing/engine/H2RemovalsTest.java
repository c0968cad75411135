package dev.greenroom.catalog.processing.engine;

import dev.greenroom.catalog.processing.state.jdbc.JdbcProcessingState;
import dev.greenroom.catalog.store.jdbc.JdbcEntityStore;
import java.util.concurrent.atomic.AtomicInteger;

/** {@link RemovalsTest} on H2: catalog and processing state in one database. */
class H2RemovalsTest extends RemovalsTest {
  private static final AtomicInteger DB = new AtomicInteger();

  @Override
  void openStores() {
    JdbcEntityStore s = JdbcEntityStore.h2InMemory("removals" + DB.incrementAndGet());
    store = s;
    state = JdbcProcessingState.create(s.dataSource());
  }
}
