package dev.greenroom.catalog.store.jdbc;

import dev.greenroom.catalog.store.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Crash recovery for the H2 files the stores' factories open. Design: a marker file ({@code
 * <file>.open}) exists while a process has the database open and is deleted when the last store
 * of this JVM on it closes. Finding the marker at open means the process that had the file was
 * killed. H2 2.x reopens such a file, but it can keep index entries and row locks of transactions
 * that never finished: a secondary index then points at rows that are not there, and reads through
 * it, or writes of a locked row, spin in H2 until the lock timeout, again and again (a restarted
 * catalog crawled for minutes or stopped). So the file is rebuilt first: its tables are dumped
 * ({@code SCRIPT}, which reads each table's rows, not its indexes, and sees only committed data),
 * loaded into a new file ({@code RUNSCRIPT}, which builds every index afresh), and the new file
 * replaces the old one in one atomic rename. A rebuild that is itself interrupted leaves the old
 * file and the marker in place, and runs again at the next open.
 */
final class H2FileGuard implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(H2FileGuard.class);
  private static final Map<Path, Integer> OPEN = new HashMap<>();

  private final Path file;
  private boolean closed;

  private H2FileGuard(Path file) {
    this.file = file;
  }

  /**
   * Marks {@code file} (without H2's {@code .mv.db}) open, first rebuilding it when the marker
   * says the last process that had it open did not close it.
   *
   * @throws StoreException when the rebuild fails; the file is then left as it was
   */
  static H2FileGuard open(Path file) {
    Path f = file.toAbsolutePath().normalize();
    synchronized (OPEN) {
      int n = OPEN.getOrDefault(f, 0);
      if (n == 0) {
        Path marker = marker(f);
        Path db = sibling(f, ".mv.db");
        try {
          if (Files.exists(marker) && Files.exists(db)) {
            rebuild(f);
          }
          Files.createDirectories(f.getParent());
          Files.writeString(marker, Long.toString(ProcessHandle.current().pid()));
        } catch (IOException | SQLException e) {
          throw new StoreException(
              "cannot recover H2 database " + db + " after an unclean shutdown: " + e.getMessage(),
              e);
        }
      }
      OPEN.put(f, n + 1);
    }
    return new H2FileGuard(f);
  }

  /** Removes the marker once no store of this JVM has the file open. */
  @Override
  public void close() {
    synchronized (OPEN) {
      if (closed) {
        return;
      }
      closed = true;
      int n = OPEN.getOrDefault(file, 1) - 1;
      if (n > 0) {
        OPEN.put(file, n);
        return;
      }
      OPEN.remove(file);
      try {
        Files.deleteIfExists(marker(file));
      } catch (IOException e) {
        LOG.warn("could not delete {}; the next open will rebuild the database", marker(file), e);
      }
    }
  }

  private static void rebuild(Path f) throws IOException, SQLException {
    long start = System.nanoTime();
    Path script = sibling(f, ".recover.sql");
    Path fresh = sibling(f, ".recovering");
    Files.deleteIfExists(script);
    Files.deleteIfExists(sibling(fresh, ".mv.db"));
    LOG.warn("H2 database {}.mv.db was not closed (the process was killed): rebuilding it from its"
        + " committed rows", f);
    try (Connection c = DriverManager.getConnection(url(f), "sa", "");
        Statement s = c.createStatement()) {
      s.execute("SCRIPT TO " + literal(script));
    }
    try (Connection c = DriverManager.getConnection(url(fresh), "sa", "");
        Statement s = c.createStatement()) {
      s.execute("RUNSCRIPT FROM " + literal(script));
    }
    Files.move(sibling(fresh, ".mv.db"), sibling(f, ".mv.db"),
        StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    Files.deleteIfExists(script);
    LOG.warn("H2 database {}.mv.db rebuilt in {} ms", f, (System.nanoTime() - start) / 1_000_000);
  }

  private static String url(Path f) {
    return "jdbc:h2:file:" + f + ";LOCK_TIMEOUT=60000";
  }

  private static String literal(Path p) {
    return "'" + p.toString().replace("'", "''") + "'";
  }

  private static Path marker(Path f) {
    return sibling(f, ".open");
  }

  private static Path sibling(Path f, String suffix) {
    return f.resolveSibling(f.getFileName() + suffix);
  }
}
