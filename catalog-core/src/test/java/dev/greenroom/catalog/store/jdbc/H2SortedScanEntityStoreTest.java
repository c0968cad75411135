package dev.greenroom.catalog.store.jdbc;

import dev.greenroom.catalog.store.EntityStore;
import dev.greenroom.catalog.store.EntityStoreContract;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The store contract on H2 with every single-field, value-required sorted scan forced through
 * {@link SortedScan} (the store picks it only for broad filters on big catalogs, which the
 * contract's small fixtures never are).
 */
class H2SortedScanEntityStoreTest extends EntityStoreContract {
  private static final AtomicInteger SEQ = new AtomicInteger();

  @Override
  protected EntityStore newStore() {
    JdbcEntityStore store = JdbcEntityStore.h2InMemory("sorted-" + SEQ.incrementAndGet());
    store.sortedScanOverride = true;
    return store;
  }
}
