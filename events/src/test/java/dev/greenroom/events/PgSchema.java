package dev.greenroom.events;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A PostgreSQL schema of a test's own, in the database named by the system property {@code
 * greenroom.test.pg.url} (set by the build; PostgreSQL on 127.0.0.1 by default).
 *
 * @param name the schema
 */
public record PgSchema(String name) {
  /** The database URL without a schema. */
  public static final String BASE = System.getProperty(
      "greenroom.test.pg.url", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

  /** The URL that puts tables in this schema. */
  public String url() {
    return BASE + (BASE.contains("?") ? "&" : "?") + "currentSchema=" + name;
  }

  /** Drops the schema with everything in it and creates it empty. */
  public void recreate() {
    drop();
    sql("CREATE SCHEMA " + name);
  }

  /** Drops the schema with everything in it, if it exists. */
  public void drop() {
    sql("DROP SCHEMA IF EXISTS " + name + " CASCADE");
  }

  private static void sql(String statement) {
    try (Connection c = DriverManager.getConnection(BASE);
        Statement s = c.createStatement()) {
      s.execute(statement);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
