package dev.greenroom.catalog.store.jdbc;

import dev.greenroom.catalog.store.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;

/**
 * One database opened for a Greenroom store: Jdbi over the host's {@link DataSource} (or a pool
 * the store owns), the dialect detected (H2 or PostgreSQL, anything else refused), the store's
 * {@link SchemaMigrations} applied. Every JDBC store of every module opens its database this way
 * and closes it with {@link #close()}, which releases only what the store owns.
 *
 * <p>An in-memory H2 database lives as long as one connection to it is open: such stores ask for
 * a connection to be kept open until {@link #close()}.
 */
public final class JdbcDatabase implements AutoCloseable {
  private final DataSource dataSource;
  private final Jdbi jdbi;
  private final Dialect dialect;
  private final @Nullable AutoCloseable owned;
  private final @Nullable Connection keeper;

  private JdbcDatabase(
      DataSource dataSource,
      Jdbi jdbi,
      Dialect dialect,
      @Nullable AutoCloseable owned,
      @Nullable Connection keeper) {
    this.dataSource = dataSource;
    this.jdbi = jdbi;
    this.dialect = dialect;
    this.owned = owned;
    this.keeper = keeper;
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
    Objects.requireNonNull(dataSource, "dataSource");
    Connection keep = null;
    try {
      if (keepOneOpen) {
        keep = dataSource.getConnection();
      }
      Jdbi jdbi = Jdbi.create(dataSource);
      Dialect dialect = jdbi.withHandle(h -> Dialect.of(h.getConnection()));
      migrations.migrate(jdbi);
      return new JdbcDatabase(dataSource, jdbi, dialect, owned, keep);
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
