package dev.greenroom.catalog.processing.engine;

import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.catalog.processing.state.jdbc.JdbcProcessingState;
import dev.greenroom.catalog.store.jdbc.JdbcEntityStore;
import java.util.concurrent.atomic.AtomicInteger;

/** The engine behaviour tests on the durable stores: H2, catalog and state in one database. */
class H2EngineBehaviourTest extends EngineBehaviourTest {
  private static final AtomicInteger DB = new AtomicInteger();

  @Override
  CatalogEngine.Builder withStores(CatalogEngine.Builder builder) {
    JdbcEntityStore store = JdbcEntityStore.h2InMemory("engine" + DB.incrementAndGet());
    return builder.store(store).state(JdbcProcessingState.create(store.dataSource()));
  }
}
