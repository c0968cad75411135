package dev.greenroom.catalog.store.jdbc;

import dev.greenroom.catalog.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Versioned schema migrations of one set of tables, applied at start. The catalog store uses one
 * ({@link JdbcEntityStore#MIGRATIONS}); other modules that keep tables in the same database use
 * their own, with their own version table and advisory-lock key.
 *
 * <p>Scripts live next to a class, under {@code <folder>/h2/V<n>__<what>.sql} and {@code
 * <folder>/postgresql/V<n>__<what>.sql} (resolved with {@link Class#getResourceAsStream}, so a
 * relative folder is relative to the class's package), and are listed in order (listing the
 * classpath is not portable). The version table records each applied version. Each script runs in
 * its own transaction together with its version row, so a restart after a failure resumes at the
 * failed script.
 *
 * <p>Two instances may start at once: on PostgreSQL every migration transaction first takes a
 * transaction-scoped advisory lock, then re-reads the applied versions, so the second instance
 * finds the work done. DDL is transactional there. H2 commits DDL implicitly, so an H2 script is
 * not atomic; H2 databases are opened by one process, and within a JVM a lock per database URL and
 * version table serialises the migrations.
 */
public final class SchemaMigrations {
  private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrations.class);
  private static final Pattern TABLE_NAME = Pattern.compile("[a-z][a-z0-9_]*");
  private static final Map<String, ReentrantLock> LOCAL_LOCKS = new ConcurrentHashMap<>();

  private final String versionTable;
  private final Class<?> anchor;
  private final String folder;
  private final List<String> scripts;
  private final long pgLockKey;
  private final String what;

  /**
   * Migrations of one set of tables.
   *
   * @param what names the tables in log lines and errors, for example {@code "catalog store"}
   * @param versionTable the table that records applied versions (lower case letters, digits, _)
   * @param anchor the class the script folder is resolved against
   * @param folder the folder holding {@code h2/} and {@code postgresql/}; relative to {@code
   *     anchor}'s package unless it starts with {@code /}
   * @param scripts the script file names, in version order: a script's version is its position
   *     plus one
   * @param pgLockKey the PostgreSQL advisory-lock key that serialises these migrations
   */
  public SchemaMigrations(
      String what,
      String versionTable,
      Class<?> anchor,
      String folder,
      List<String> scripts,
      long pgLockKey) {
    if (!TABLE_NAME.matcher(versionTable).matches()) {
      throw new IllegalArgumentException("invalid version table name: " + versionTable);
    }
    this.what = Objects.requireNonNull(what, "what");
    this.versionTable = versionTable;
    this.anchor = Objects.requireNonNull(anchor, "anchor");
    this.folder = folder.endsWith("/") ? folder.substring(0, folder.length() - 1) : folder;
    this.scripts = List.copyOf(scripts);
    this.pgLockKey = pgLockKey;
  }

  /** What the tables are, for log lines and errors, for example {@code "catalog store"}. */
  public String what() {
    return what;
  }

  /** The highest version this code knows. */
  public int latestVersion() {
    return scripts.size();
  }

  /** The table that records applied versions. */
  public String versionTable() {
    return versionTable;
  }

  /** The version recorded in the database (0 when none). */
  public int currentVersion(Handle h) {
    return h.createQuery("SELECT COALESCE(MAX(version), 0) FROM " + versionTable)
        .mapTo(Integer.class)
        .one();
  }

  /**
   * Brings the schema to {@link #latestVersion()}; returns the versions applied now.
   *
   * @throws StoreException if the database is neither H2 nor PostgreSQL, a script fails, or the
   *     database holds a newer schema than this code knows
   */
  public List<Integer> migrate(Jdbi jdbi) {
    String url;
    Dialect dialect;
    try {
      url = jdbi.withHandle(h -> h.getConnection().getMetaData().getURL());
      dialect = jdbi.withHandle(h -> Dialect.of(h.getConnection()));
    } catch (SQLException e) {
      throw new StoreException("cannot read the database metadata: " + e.getMessage(), e);
    }
    ReentrantLock local =
        LOCAL_LOCKS.computeIfAbsent(
            (url == null ? "" : url) + "#" + versionTable, k -> new ReentrantLock());
    local.lock();
    try {
      jdbi.useTransaction(
          h -> {
            lock(h, dialect);
            h.execute(
                "CREATE TABLE IF NOT EXISTS "
                    + versionTable
                    + " (version INT PRIMARY KEY, script VARCHAR(255) NOT NULL, "
                    + "applied_at TIMESTAMP WITH TIME ZONE NOT NULL)");
          });
      List<Integer> applied = new ArrayList<>();
      for (int i = 0; i < scripts.size(); i++) {
        int version = i + 1;
        String script = scripts.get(i);
        boolean ran =
            jdbi.inTransaction(
                h -> {
                  lock(h, dialect);
                  if (currentVersion(h) >= version) {
                    return false;
                  }
                  for (String stmt : statements(read(dialect, script))) {
                    h.execute(stmt);
                  }
                  h.createUpdate(
                          "INSERT INTO "
                              + versionTable
                              + " (version, script, applied_at) VALUES (?, ?, CURRENT_TIMESTAMP)")
                      .bind(0, version)
                      .bind(1, script)
                      .execute();
                  return true;
                });
        if (ran) {
          LOG.info("Applied {} migration {} ({})", what, script, dialect);
          applied.add(version);
        }
      }
      int current = jdbi.withHandle(this::currentVersion);
      if (current > latestVersion()) {
        throw new StoreException(
            what
                + " schema is at version "
                + current
                + " but this Greenroom knows only up to "
                + latestVersion()
                + "; refusing to run against a newer schema");
      }
      return applied;
    } finally {
      local.unlock();
    }
  }

  private void lock(Handle h, Dialect dialect) {
    if (dialect == Dialect.POSTGRESQL) {
      h.createQuery("SELECT pg_advisory_xact_lock(?)").bind(0, pgLockKey).mapToMap().one();
    }
  }

  private String read(Dialect dialect, String script) {
    String path = folder + "/" + dialect.folder + "/" + script;
    try (InputStream in = anchor.getResourceAsStream(path)) {
      if (in == null) {
        throw new StoreException("missing migration script " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new StoreException("cannot read migration script " + path, e);
    }
  }

  /** Splits a script at semicolons that end a line; drops {@code --} comment lines. */
  public static List<String> statements(String script) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (String line : script.split("\n")) {
      String t = line.strip();
      if (t.isEmpty() || t.startsWith("--")) {
        continue;
      }
      cur.append(line).append('\n');
      if (t.endsWith(";")) {
        String stmt = cur.toString().strip();
        out.add(stmt.substring(0, stmt.length() - 1));
        cur.setLength(0);
      }
    }
    if (!cur.toString().isBlank()) {
      out.add(cur.toString().strip());
    }
    return out;
  }
}
