package dev.greenroom.catalog.store.jdbc;

import dev.greenroom.catalog.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Versioned schema migrations, applied at start.
 *
 * <p>Scripts live under {@code dev/greenroom/catalog/store/jdbc/<dialect>/V<n>__<what>.sql} and are
 * listed in {@link #SCRIPTS} in order (listing the classpath is not portable). {@code
 * gr_schema_version} records each applied version. Each script runs in its own transaction together
 * with its version row, so a restart after a failure resumes at the failed script.
 *
 * <p>Two instances may start at once: on PostgreSQL every migration transaction first takes a
 * transaction-scoped advisory lock, then re-reads the applied versions, so the second instance
 * finds the work done. DDL is transactional there. H2 commits DDL implicitly, so an H2 script is
 * not atomic; H2 databases are opened by one process, and within a JVM a lock per database URL
 * serialises the migrations.
 */
final class Migrations {
  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

  /** The scripts, in version order; a script's version is its position plus one. */
  static final List<String> SCRIPTS = List.of("V1__entities_search_edges.sql");

  /** Any constant; names the advisory lock that serialises Greenroom store migrations. */
  private static final long PG_LOCK_KEY = 0x67726e726f6f6d01L;

  private static final Map<String, ReentrantLock> LOCAL_LOCKS = new ConcurrentHashMap<>();

  private Migrations() {}

  /** The highest version this code knows. */
  static int latestVersion() {
    return SCRIPTS.size();
  }

  /** Brings the schema to {@link #latestVersion()}; returns the versions applied now. */
  static List<Integer> migrate(Jdbi jdbi, Dialect dialect) {
    String url;
    try {
      url = jdbi.withHandle(h -> h.getConnection().getMetaData().getURL());
    } catch (java.sql.SQLException e) {
      throw new StoreException("cannot read the database URL: " + e.getMessage(), e);
    }
    ReentrantLock local = LOCAL_LOCKS.computeIfAbsent(url == null ? "" : url, k -> new ReentrantLock());
    local.lock();
    try {
      jdbi.useTransaction(
          h -> {
            lock(h, dialect);
            h.execute(
                "CREATE TABLE IF NOT EXISTS gr_schema_version ("
                    + "version INT PRIMARY KEY, script VARCHAR(255) NOT NULL, "
                    + "applied_at TIMESTAMP WITH TIME ZONE NOT NULL)");
          });
      List<Integer> applied = new ArrayList<>();
      for (int i = 0; i < SCRIPTS.size(); i++) {
        int version = i + 1;
        String script = SCRIPTS.get(i);
        boolean ran =
            jdbi.inTransaction(
                h -> {
                  lock(h, dialect);
                  int current =
                      h.createQuery("SELECT COALESCE(MAX(version), 0) FROM gr_schema_version")
                          .mapTo(Integer.class)
                          .one();
                  if (current >= version) {
                    return false;
                  }
                  for (String stmt : statements(read(dialect, script))) {
                    h.execute(stmt);
                  }
                  h.createUpdate(
                          "INSERT INTO gr_schema_version (version, script, applied_at) "
                              + "VALUES (?, ?, CURRENT_TIMESTAMP)")
                      .bind(0, version)
                      .bind(1, script)
                      .execute();
                  return true;
                });
        if (ran) {
          LOG.info("Applied catalog store migration {} ({})", script, dialect);
          applied.add(version);
        }
      }
      int current =
          jdbi.withHandle(
              h ->
                  h.createQuery("SELECT COALESCE(MAX(version), 0) FROM gr_schema_version")
                      .mapTo(Integer.class)
                      .one());
      if (current > latestVersion()) {
        throw new StoreException(
            "catalog store schema is at version "
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

  private static void lock(Handle h, Dialect dialect) {
    if (dialect == Dialect.POSTGRESQL) {
      h.createQuery("SELECT pg_advisory_xact_lock(?)").bind(0, PG_LOCK_KEY).mapToMap().one();
    }
  }

  private static String read(Dialect dialect, String script) {
    String path = dialect.folder + "/" + script;
    try (InputStream in = Migrations.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new StoreException("missing migration script " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new StoreException("cannot read migration script " + path, e);
    }
  }

  /** Splits a script at semicolons that end a line; drops {@code --} comment lines. */
  static List<String> statements(String script) {
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
