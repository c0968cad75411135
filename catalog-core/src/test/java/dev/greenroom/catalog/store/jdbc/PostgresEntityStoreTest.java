package dev.greenroom.catalog.store.jdbc;

import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.greenroom.catalog.store.EntityStore;
import dev.greenroom.catalog.store.EntityStoreContract;
import dev.greenroom.catalog.store.ForwardingEntityStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
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

  /** The base URL, with the test skipped when it is not configured. */
  static String baseUrl() {
    String url = System.getProperty("greenroom.test.pg.url", "").strip();
    assumeFalse(url.isEmpty(), "greenroom.test.pg.url is empty: PostgreSQL tests skipped");
    return url;
  }

  static String schemaUrl(String base, String schema) {
    return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  static void execute(String url, String sql) {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("PostgreSQL at " + url + ": " + e.getMessage(), e);
    }
  }

  /** A store in a new schema that is dropped on close. */
  static EntityStore freshStore() {
    return freshStore(null);
  }

  /** The same, with {@link JdbcEntityStore#sortedScanOverride} set. */
  static EntityStore freshStore(@Nullable Boolean sortedScan) {
    String base = baseUrl();
    String schema = "gr_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    execute(base, "CREATE SCHEMA " + schema);
    try {
      JdbcEntityStore store = JdbcEntityStore.postgres(schemaUrl(base, schema));
      store.sortedScanOverride = sortedScan;
      return new SchemaDroppingStore(store, base, schema);
    } catch (RuntimeException e) {
      execute(base, "DROP SCHEMA " + schema + " CASCADE");
      throw e;
    }
  }

  @Override
  protected EntityStore newStore() {
    return freshStore();
  }

  /** Delegates to a store and drops its schema after closing it. */
  private static final class SchemaDroppingStore extends ForwardingEntityStore {
    private final String baseUrl;
    private final String schema;

    SchemaDroppingStore(JdbcEntityStore delegate, String baseUrl, String schema) {
      super(delegate);
      this.baseUrl = baseUrl;
      this.schema = schema;
    }

    @Override
    public void close() {
      super.close();
      execute(baseUrl, "DROP SCHEMA " + schema + " CASCADE");
    }
  }
}
