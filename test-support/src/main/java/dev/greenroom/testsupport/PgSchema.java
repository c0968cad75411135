package dev.greenroom.testsupport;

import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A PostgreSQL schema of a test's own, in the database named by the system property {@value
 * #PROPERTY} (the build sets it; {@code -Dgreenroom.test.pg.url=} empty turns PostgreSQL tests
 * off).
 *
 * <p>The policy, the same for every module: a test is <em>skipped</em> only when the property is
 * empty; an unreachable database <em>fails</em> it, so that CI cannot silently skip PostgreSQL.
 * Each instance has a name of its own (the prefix and a random suffix), so two builds sharing one
 * database do not meet.
 *
 * <p>Two ways to use it. For one test, {@code try (PgSchema schema = PgSchema.create("gr_x")) {
 * ... schema.url() ... }} (created empty, dropped on close). For a class whose tests each start
 * from an empty schema, a {@code static final PgSchema SCHEMA = new PgSchema("gr_x")} (the
 * constructor does not touch the database), {@link #recreate()} before each test and {@link
 * #drop()} after all.
 */
public final class PgSchema implements AutoCloseable {
  /** The system property naming the database, a JDBC URL such as {@code jdbc:postgresql://...}. */
  public static final String PROPERTY = "greenroom.test.pg.url";

  private static final Pattern PREFIX = Pattern.compile("[a-z_][a-z0-9_]{0,39}");

  private final String name;
  private volatile boolean created;

  /**
   * A schema named {@code prefix} and a random suffix; nothing is created until {@link
   * #recreate()}.
   *
   * @param prefix lower-case letters, digits and underscores, at most 40, not starting with a digit
   */
  public PgSchema(String prefix) {
    if (!PREFIX.matcher(prefix).matches()) {
      throw new IllegalArgumentException(
          "schema prefix must be 1 to 40 of [a-z0-9_], not starting with a digit: '" + prefix + "'");
    }
    this.name = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  /** A new, empty schema; skips the calling test when {@value #PROPERTY} is empty. */
  public static PgSchema create(String prefix) {
    PgSchema schema = new PgSchema(prefix);
    schema.recreate();
    return schema;
  }

  /**
   * The database's URL from {@value #PROPERTY}, without a schema; skips the calling test (a JUnit
   * assumption) when the property is empty or unset.
   */
  public static String baseUrl() {
    String url = System.getProperty(PROPERTY, "").strip();
    assumeFalse(url.isEmpty(), PROPERTY + " is empty: PostgreSQL tests skipped");
    return url;
  }

  /** {@code url} with {@code currentSchema} set, so that unqualified tables live in that schema. */
  public static String inSchema(String url, String schema) {
    return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  /**
   * Runs one SQL statement on a connection of its own.
   *
   * @throws IllegalStateException when the database refuses or cannot be reached, naming the
   *     database without the URL's parameters (which may hold a password)
   */
  public static void execute(String url, String sql) {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      int query = url.indexOf('?');
      throw new IllegalStateException(
          "PostgreSQL at " + (query < 0 ? url : url.substring(0, query)) + ": " + e.getMessage(), e);
    }
  }

  /** The schema's name. */
  public String name() {
    return name;
  }

  /** The URL that puts tables in this schema; skips the calling test without a database. */
  public String url() {
    return inSchema(baseUrl(), name);
  }

  /** Drops the schema with everything in it, if it exists, and creates it empty. */
  public void recreate() {
    String base = baseUrl();
    execute(base, "DROP SCHEMA IF EXISTS " + name + " CASCADE");
    execute(base, "CREATE SCHEMA " + name);
    created = true;
  }

  /** Drops the schema with everything in it; nothing when it was never created. */
  public void drop() {
    if (created) {
      execute(baseUrl(), "DROP SCHEMA IF EXISTS " + name + " CASCADE");
      created = false;
    }
  }

  /** The same as {@link #drop()}. */
  @Override
  public void close() {
    drop();
  }

  @Override
  public String toString() {
    return name;
  }
}
