package dev.greenroom.catalog.store.jdbc;

import dev.greenroom.catalog.query.EntityPredicate;
import dev.greenroom.catalog.store.EntityStore;
import dev.greenroom.catalog.store.EntityStoreContract;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** The store contract on a fresh in-memory H2 database per test. */
class H2EntityStoreTest extends EntityStoreContract {
  private static final AtomicInteger SEQ = new AtomicInteger();

  @Override
  protected EntityStore newStore() {
    return JdbcEntityStore.h2InMemory("contract-" + SEQ.incrementAndGet());
  }

  @Override
  protected void checkFacetPaths(EntityStore s, List<String> keys, EntityPredicate filter) {
    FacetPaths.check((JdbcEntityStore) s, keys, filter);
  }
}
