package dev.greenroom.scorecard.store;

import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.zaxxer.hikari.HikariDataSource;
import dev.greenroom.catalog.store.jdbc.DataSources;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;

/**
 * The contract on PostgreSQL (system property {@code greenroom.test.pg.url}, set by the build;
 * skipped only when empty, failing when the database is unreachable). Each test gets its own
 * schema, dropped afterwards.
 */
class PostgresFactStoreTest extends FactStoreContract {
  private final List<String> schemas = new ArrayList<>();
  private final List<HikariDataSource> pools = new ArrayList<>();
  private JdbcScorecardStore store;

  static String baseUrl() {
    String url = System.getProperty("greenroom.test.pg.url", "").strip();
    assumeFalse(url.isEmpty(), "greenroom.test.pg.url is empty: PostgreSQL tests skipped");
    return url;
  }

  static void execute(String url, String sql) {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("PostgreSQL at " + url + ": " + e.getMessage(), e);
    }
  }

  @Override
  FactStore store() {
    String base = baseUrl();
    String schema = "gr_fact_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    execute(base, "CREATE SCHEMA " + schema);
    schemas.add(schema);
    var pool = DataSources.postgres(base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema);
    pools.add(pool);
    store = new JdbcScorecardStore(pool);
    return store;
  }

  @Override
  ResultHistory history() {
    return store != null ? store : (JdbcScorecardStore) store();
  }

  @AfterEach
  void drop() throws Exception {
    pools.forEach(HikariDataSource::close);
    for (String s : schemas) {
      execute(baseUrl(), "DROP SCHEMA " + s + " CASCADE");
    }
  }
}
