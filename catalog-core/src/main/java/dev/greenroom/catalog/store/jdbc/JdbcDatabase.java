package dev.greenroom.catalog.store.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.greenroom.catalog.store.QueryTimeoutException;
import dev.greenroom.catalog.store.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One database opened for a Greenroom store: Jdbi over the host's {@link DataSource} (or a pool
 * the store owns), the dialect detected (H2 or PostgreSQL, anything else refused), the store's
 * {@link SchemaMigrations} applied. Every JDBC store of every module opens its database this way
 * and closes it with {@link #close()}, which releases only what the store owns.
 *
 * <p>An in-memory H2 database lives as long as one connection to it is open: such stores ask for
 * a connection to be kept open until {@link #close()}.
 *
 * <p>Stores run their reads through {@link #read}: each statement has the {@link JdbcOptions}'
 * timeout (the database cancels it, on PostgreSQL with a cancel request to the server, so the
 * query does not go on running after the caller gave up), and a read that failed because its
 * connection broke runs again on another connection. Writes go through {@link #transaction}, the
 * one transaction helper of every store: no timeout, never retried, and serialised with the
 * store's other writers when given a {@link WriteLock}. {@code IN} lists are bound with {@link
 * InList}.
 */
public final class JdbcDatabase implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcDatabase.class);

  /**
   * SQLStates of a connection that broke under a statement, besides class {@code 08}: PostgreSQL's
   * admin shutdown (also what {@code pg_terminate_backend} sends), crash shutdown and "cannot
   * connect now"; H2's broken connection (server mode).
   */
  private static final Set<String> BROKEN_CONNECTION = Set.of("57P01", "57P02", "57P03", "90067");

  private final DataSource dataSource;
  private final Jdbi jdbi;
  private final Dialect dialect;
  private final @Nullable AutoCloseable owned;
  private final @Nullable Connection keeper;
  private final JdbcOptions options;
  private final String what;

  private JdbcDatabase(
      DataSource dataSource,
      Jdbi jdbi,
      Dialect dialect,
      @Nullable AutoCloseable owned,
      @Nullable Connection keeper,
      JdbcOptions options,
      String what) {
    this.dataSource = dataSource;
    this.jdbi = jdbi;
    this.dialect = dialect;
    this.owned = owned;
    this.keeper = keeper;
    this.options = options;
    this.what = what;
  }

  /**
   * Opens the database and migrates the store's schema.
   *
   * @param dataSource where connections come from
   * @param owned what the store owns and {@link #close()} closes (a pool made by a factory), or
   *     null for the host's data source, which is never closed
   * @param keepOneOpen keep one connection open until {@link #close()} (in-memory H2)
   * @param migrations the store's schema
   * @throws StoreException if the database cannot be reached, is neither H2 nor PostgreSQL, or
   *     cannot be migrated; {@code owned} is closed before it is thrown
   */
  public static JdbcDatabase open(
      DataSource dataSource,
      @Nullable AutoCloseable owned,
      boolean keepOneOpen,
      SchemaMigrations migrations) {
    return open(dataSource, owned, keepOneOpen, migrations, JdbcOptions.defaults());
  }

  /**
   * Opens the database with these read options and migrates the store's schema; see {@link
   * #open(DataSource, AutoCloseable, boolean, SchemaMigrations)}.
   */
  public static JdbcDatabase open(
      DataSource dataSource,
      @Nullable AutoCloseable owned,
      boolean keepOneOpen,
      SchemaMigrations migrations,
      JdbcOptions options) {
    Objects.requireNonNull(dataSource, "dataSource");
    Objects.requireNonNull(options, "options");
    Connection keep = null;
    try {
      if (keepOneOpen) {
        keep = dataSource.getConnection();
      }
      Jdbi jdbi = Jdbi.create(dataSource);
      Dialect dialect = jdbi.withHandle(h -> Dialect.of(h.getConnection()));
      migrations.migrate(jdbi);
      return new JdbcDatabase(dataSource, jdbi, dialect, owned, keep, options, migrations.what());
    } catch (RuntimeException | SQLException e) {
      closeQuietly(keep);
      closeQuietly(owned);
      throw e instanceof StoreException se
          ? se
          : new StoreException(
              "cannot open " + migrations.what() + ": " + e.getMessage(), e);
    }
  }

  /** The data source the store reads and writes. */
  public DataSource dataSource() {
    return dataSource;
  }

  /** Jdbi over the data source. */
  public Jdbi jdbi() {
    return jdbi;
  }

  /** True on PostgreSQL, false on H2. */
  public boolean isPostgres() {
    return dialect == Dialect.POSTGRESQL;
  }

  /** The detected database: {@code "H2"} or {@code "POSTGRESQL"}. */
  public String dialectName() {
    return dialect.name();
  }

  Dialect dialect() {
    return dialect;
  }

  /** The read options. */
  public JdbcOptions options() {
    return options;
  }

  /**
   * Runs a read on a handle of its own: every statement of the handle has the read timeout, and
   * when the read fails because its connection broke it runs again (up to {@link
   * JdbcOptions#readRetries()} times) on another connection, after the idle connections of a pool
   * the store owns were thrown away (they are most likely broken too). {@code work} may therefore
   * run more than once: it must only read, and keep what it collects inside.
   *
   * @throws QueryTimeoutException when the database cancelled a statement (timeout or cancel)
   * @throws RuntimeException whatever else the work or Jdbi threw, unchanged
   */
  public <T> T read(Function<Handle, T> work) {
    Integer seconds = options.timeoutSeconds();
    for (int attempt = 0; ; attempt++) {
      try {
        return jdbi.withHandle(
            h -> {
              if (seconds == null) {
                return work.apply(h);
              }
              SessionLocal session = dialect == Dialect.H2 ? embeddedH2Session(h) : null;
              if (session != null) {
                session.setQueryTimeout(seconds * 1000);
                try {
                  return work.apply(h);
                } finally {
                  session.setQueryTimeout(0);
                }
              }
              h.getConfig(SqlStatements.class).setQueryTimeout(seconds);
              try {
                return work.apply(h);
              } finally {
                if (dialect == Dialect.H2) {
                  clearH2Timeout(h);
                }
              }
            });
      } catch (RuntimeException e) {
        if (isCancelled(e)) {
          throw new QueryTimeoutException(
              what + " read cancelled: it ran longer than the statement timeout of "
                  + (seconds == null ? "(none)" : seconds + " s")
                  + " or was cancelled by the database",
              options.readTimeout(),
              e);
        }
        if (attempt >= options.readRetries() || !isBrokenConnection(e)) {
          throw e;
        }
        // the driver's words only: Jdbi's message carries the statement's bound values
        LOG.warn("{} read failed on a broken connection, trying again: {}", what, driverMessage(e));
        evictIdleConnections();
      }
    }
  }

  /**
   * Runs {@code work} in one transaction on a handle of its own: committed when it returns, rolled
   * back when it throws. Never retried (a write is not known to be idempotent) and without the read
   * timeout. What {@code work} or Jdbi throws passes unchanged, for the store to wrap in its own
   * exception.
   */
  public <T> T transaction(Function<Handle, T> work) {
    return jdbi.inTransaction(work::apply);
  }

  /**
   * {@link #transaction(Function)} serialised with every other transaction run under {@code
   * lock}: the lock's JVM side is held around the transaction and, on PostgreSQL, the transaction
   * first takes the lock's advisory transaction lock, so that writers of other processes on the
   * same database wait as well. The advisory lock is released by the commit or rollback.
   */
  public <T> T transaction(WriteLock lock, Function<Handle, T> work) {
    Objects.requireNonNull(lock, "lock");
    lock.jvm().lock();
    try {
      return jdbi.inTransaction(
          h -> {
            if (dialect == Dialect.POSTGRESQL) {
              h.createQuery("SELECT pg_advisory_xact_lock(?)")
                  .bind(0, lock.advisoryKey())
                  .mapToMap()
                  .one();
            }
            return work.apply(h);
          });
    } finally {
      lock.jvm().unlock();
    }
  }

  /**
   * The session of an embedded H2 connection, or null (H2 in server mode, or a connection that
   * does not unwrap to H2's).
   *
   * <p>Why: H2 keeps a statement's timeout on its session, and JDBC's {@link
   * Statement#setQueryTimeout} runs {@code SET QUERY_TIMEOUT} for every statement, which H2 counts
   * as a change of the database's metadata: every session then throws away its cache of parsed
   * statements, so under load each read parsed and planned its SQL again (11% of the server's CPU
   * on owner-filtered pages). Setting the session's timeout directly has the same effect on the
   * statements (each one is cancelled after it) without that.
   */
  private static @Nullable SessionLocal embeddedH2Session(Handle h) {
    try {
      Connection c = h.getConnection();
      if (c.isWrapperFor(JdbcConnection.class)
          && c.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal s) {
        return s;
      }
    } catch (SQLException e) {
      // not H2's connection: the statement timeout below
    }
    return null;
  }

  /**
   * H2 keeps a statement's timeout on its session ({@code SET QUERY_TIMEOUT}), so the pooled
   * connection would hand it on to the next user, perhaps a long write: set it back to none.
   */
  private static void clearH2Timeout(Handle h) {
    try (Statement s = h.getConnection().createStatement()) {
      s.setQueryTimeout(0);
    } catch (SQLException | RuntimeException e) {
      // a broken connection is thrown away by the pool anyway
    }
  }

  /** True when a statement was cancelled by the database: timeout or cancel (SQLState 57014). */
  static boolean isCancelled(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLTimeoutException) {
        return true;
      }
      if (t instanceof SQLException s && "57014".equals(s.getSQLState())) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  /** True when the failure is a connection that broke or could not be opened. */
  static boolean isBrokenConnection(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s) {
        String state = s.getSQLState();
        if (state != null && (state.startsWith("08") || BROKEN_CONNECTION.contains(state))) {
          return true;
        }
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  private static String driverMessage(Throwable e) {
    for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
      if (t instanceof SQLException s) {
        return "SQLState " + s.getSQLState() + ": " + s.getMessage();
      }
    }
    return e.getClass().getName();
  }

  /** Throws away the idle connections of a pool the store owns (not the host's pool). */
  private void evictIdleConnections() {
    if (owned != null && dataSource instanceof HikariDataSource pool && !pool.isClosed()) {
      var bean = pool.getHikariPoolMXBean();
      if (bean != null) {
        bean.softEvictConnections();
      }
    }
  }

  /** Closes the kept connection and what the store owns; best effort, never throws. */
  @Override
  public void close() {
    closeQuietly(keeper);
    closeQuietly(owned);
  }

  private static void closeQuietly(@Nullable AutoCloseable c) {
    if (c != null) {
      try {
        c.close();
      } catch (Exception e) {
        // closing is best effort
      }
    }
  }
}
