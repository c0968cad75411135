package dev.greenroom.catalog.store.jdbc;

import dev.greenroom.catalog.query.EntityPredicate;
import dev.greenroom.catalog.store.EntityStore;
import dev.greenroom.catalog.store.EntityStoreContract;
import dev.greenroom.catalog.store.ForwardingEntityStore;
import dev.greenroom.testsupport.PgSchema;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The store contract on PostgreSQL: every store gets a fresh schema, dropped when the store is
 * closed. (The contract's jqwik property does not run JUnit's class callbacks, so the schema is
 * made per store rather than per class.)
 *
 * <p>The database is named by the system property {@code greenroom.test.pg.url} (set by the build).
 * The test is skipped only when that property is empty; an unreachable database fails it, so that
 * CI cannot silently skip PostgreSQL.
 */
class PostgresEntityStoreTest extends EntityStoreContract {

  /** A store in a new schema that is dropped on close. */
  static EntityStore freshStore() {
    return freshStore(null);
  }

  /** The same, with {@link JdbcEntityStore#sortedScanOverride} set. */
  static EntityStore freshStore(@Nullable Boolean sortedScan) {
    PgSchema schema = PgSchema.create("gr_test");
    try {
      JdbcEntityStore store = JdbcEntityStore.postgres(schema.url());
      store.sortedScanOverride = sortedScan;
      return new SchemaDroppingStore(store, schema);
    } catch (RuntimeException e) {
      schema.drop();
      throw e;
    }
  }

  @Override
  protected EntityStore newStore() {
    return freshStore();
  }

  @Override
  protected void checkFacetPaths(EntityStore s, List<String> keys, EntityPredicate filter) {
    FacetPaths.check((JdbcEntityStore) ((ForwardingEntityStore) s).delegate(), keys, filter);
  }

  /** Delegates to a store and drops its schema after closing it. */
  private static final class SchemaDroppingStore extends ForwardingEntityStore {
    private final PgSchema schema;

    SchemaDroppingStore(JdbcEntityStore delegate, PgSchema schema) {
      super(delegate);
      this.schema = schema;
    }

    @Override
    public void close() {
      super.close();
      schema.drop();
    }
  }
}
