package dev.greenroom.catalog.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import dev.greenroom.catalog.store.StoreException;
import java.nio.file.Path;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The connection pools that the JDBC stores' factories open ({@code h2File}, {@code h2InMemory},
 * {@code postgres}), in one place so that every Greenroom store on a database gets the same
 * settings. Callers own the pool: {@link HikariDataSource#close()} it when done.
 *
 * <p>The pools are HikariCP's: at most {@value #MAX_CONNECTIONS} connections, opened when needed;
 * a connection idle for more than half a second is checked ({@link java.sql.Connection#isValid})
 * before it is handed out, and a connection that failed with a broken-connection error is thrown
 * away, so that a database restart or a dropped connection costs no failed request once the pool
 * has noticed it ({@link JdbcDatabase#read} retries the read that noticed it). H2's own {@code
 * JdbcConnectionPool}, used before, handed dead connections out again, one failed request each.
 */
public final class DataSources {
  private static final Pattern MEM_NAME = Pattern.compile("[A-Za-z0-9_.-]+");

  /** The most connections a pool opened here holds, as H2's pool did. */
  static final int MAX_CONNECTIONS = 10;

  /**
   * Settings of the H2 databases opened here: statements wait up to a minute for a table lock
   * (H2's default is one second), so that reads during the index build at the end of a bulk load,
   * which locks the search table, wait instead of failing; and each session keeps 256 parsed and
   * planned statements (H2's default is 8: under load a quarter of the server's time went to
   * parsing and planning the same scan statements again).
   */
  static final String H2_SETTINGS = ";LOCK_TIMEOUT=60000;QUERY_CACHE_SIZE=256";

  private DataSources() {}

  /**
   * A pool over the H2 database file {@code file} (H2 adds {@code .mv.db}).
   *
   * @throws StoreException if the file cannot be opened (locked by another process, unreadable)
   */
  public static HikariDataSource h2File(Path file) {
    return pool("h2-file", h2("jdbc:h2:file:" + file.toAbsolutePath() + H2_SETTINGS));
  }

  /**
   * A pool over the named in-memory H2 database; pools of the same name in one JVM share it while
   * a connection is open.
   *
   * @param name letters, digits, {@code _}, {@code .} and {@code -}
   * @throws IllegalArgumentException for any other name
   */
  public static HikariDataSource h2InMemory(String name) {
    if (!MEM_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("invalid in-memory database name: " + name);
    }
    return pool("h2-mem-" + name, h2("jdbc:h2:mem:" + name + H2_SETTINGS));
  }

  /**
   * A small pool over PostgreSQL. Needs the PostgreSQL JDBC driver (an optional dependency) on the
   * class path. JDBC batches are sent as multi-row INSERTs ({@code reWriteBatchedInserts}, about
   * 10% faster ingests) unless the URL turns that off.
   *
   * @throws StoreException if no connection can be opened (the message is the driver's, never the
   *     URL, which may hold a password)
   */
  public static HikariDataSource postgres(String jdbcUrl) {
    org.postgresql.ds.PGSimpleDataSource source = new org.postgresql.ds.PGSimpleDataSource();
    source.setReWriteBatchedInserts(true);
    source.setUrl(jdbcUrl);
    return pool("postgres", source);
  }

  private static DataSource h2(String url) {
    JdbcDataSource source = new JdbcDataSource();
    source.setURL(url);
    source.setUser("sa");
    source.setPassword("");
    return source;
  }

  private static HikariDataSource pool(String name, DataSource source) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("greenroom-" + name);
    config.setDataSource(source);
    config.setMaximumPoolSize(MAX_CONNECTIONS);
    config.setMinimumIdle(0);
    config.setConnectionTimeout(30_000);
    config.setValidationTimeout(5_000);
    try {
      return new HikariDataSource(config);
    } catch (HikariPool.PoolInitializationException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new StoreException("cannot open a connection: " + cause.getMessage(), e);
    }
  }
}
