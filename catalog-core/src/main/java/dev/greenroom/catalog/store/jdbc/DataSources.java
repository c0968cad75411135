package dev.greenroom.catalog.store.jdbc;

import java.nio.file.Path;
import java.util.regex.Pattern;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * The connection pools that the JDBC stores' factories open ({@code h2File}, {@code h2InMemory},
 * {@code postgres}), in one place so that every Greenroom store on a database gets the same
 * settings. Callers own the pool: {@link JdbcConnectionPool#dispose()} it when done.
 */
public final class DataSources {
  private static final Pattern MEM_NAME = Pattern.compile("[A-Za-z0-9_.-]+");

  /**
   * Settings of the H2 databases opened here: statements wait up to a minute for a table lock
   * (H2's default is one second), so that reads during the index build at the end of a bulk load,
   * which locks the search table, wait instead of failing; and each session keeps 256 parsed and
   * planned statements (H2's default is 8: under load a quarter of the server's time went to
   * parsing and planning the same scan statements again).
   */
  static final String H2_SETTINGS = ";LOCK_TIMEOUT=60000;QUERY_CACHE_SIZE=256";

  private DataSources() {}

  /** A pool over the H2 database file {@code file} (H2 adds {@code .mv.db}). */
  public static JdbcConnectionPool h2File(Path file) {
    return JdbcConnectionPool.create("jdbc:h2:file:" + file.toAbsolutePath() + H2_SETTINGS, "sa", "");
  }

  /**
   * A pool over the named in-memory H2 database; pools of the same name in one JVM share it while
   * a connection is open.
   *
   * @param name letters, digits, {@code _}, {@code .} and {@code -}
   * @throws IllegalArgumentException for any other name
   */
  public static JdbcConnectionPool h2InMemory(String name) {
    if (!MEM_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("invalid in-memory database name: " + name);
    }
    return JdbcConnectionPool.create("jdbc:h2:mem:" + name + H2_SETTINGS, "sa", "");
  }

  /**
   * A small pool over PostgreSQL. Needs the PostgreSQL JDBC driver (an optional dependency) on the
   * class path. JDBC batches are sent as multi-row INSERTs ({@code reWriteBatchedInserts}, about
   * 10% faster ingests) unless the URL turns that off.
   */
  public static JdbcConnectionPool postgres(String jdbcUrl) {
    org.postgresql.ds.PGConnectionPoolDataSource source =
        new org.postgresql.ds.PGConnectionPoolDataSource();
    source.setReWriteBatchedInserts(true);
    source.setUrl(jdbcUrl);
    return JdbcConnectionPool.create(source);
  }
}
