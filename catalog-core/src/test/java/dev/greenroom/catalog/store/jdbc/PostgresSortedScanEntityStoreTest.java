package dev.greenroom.catalog.store.jdbc;

import dev.greenroom.catalog.store.EntityStore;
import dev.greenroom.catalog.store.EntityStoreContract;

/** The store contract on PostgreSQL with sorted scans forced through {@link SortedScan}. */
class PostgresSortedScanEntityStoreTest extends EntityStoreContract {
  @Override
  protected EntityStore newStore() {
    return PostgresEntityStoreTest.freshStore(true);
  }
}
