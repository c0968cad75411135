package dev.greenroom.usersettings;

import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A PostgreSQL schema of a test's own in the database named by the system property {@code
 * greenroom.test.pg.url} (set by the build). Tests are skipped only when the property is empty; an
 * unreachable database fails them, so that CI cannot silently skip PostgreSQL.
 */
final class PgSchema implements AutoCloseable {
  final String base;
  final String name;

  PgSchema() {
    String url = System.getProperty("greenroom.test.pg.url", "").strip();
    assumeFalse(url.isEmpty(), "greenroom.test.pg.url is empty: PostgreSQL tests skipped");
    this.base = url;
    this.name = "gr_usettings_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    sql("CREATE SCHEMA " + name);
  }

  /** The URL that puts tables in this schema. */
  String url() {
    return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + name;
  }

  private void sql(String statement) {
    try (Connection c = DriverManager.getConnection(base);
        Statement s = c.createStatement()) {
      s.execute(statement);
    } catch (SQLException e) {
      throw new IllegalStateException("PostgreSQL at " + base + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    sql("DROP SCHEMA IF EXISTS " + name + " CASCADE");
  }
}
