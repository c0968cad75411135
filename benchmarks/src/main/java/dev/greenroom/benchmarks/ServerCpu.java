package dev.greenroom.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * CPU time of the PostgreSQL server processes that serve one database, for benchmarks whose server
 * runs on the same machine: the database's backends are listed in {@code pg_stat_activity} and
 * their user and system time read from {@code /proc/<pid>/stat}. A JVM's CPU time leaves out
 * the server's, which on PostgreSQL does most of a write's work.
 *
 * <p>Each backend's last reading is kept after it has gone, so a total only grows; what a backend
 * spent between its last reading and its exit is missed, and so are PostgreSQL's background
 * processes and parallel workers (short-lived). The figure is therefore a lower bound. On a
 * machine where the server is elsewhere, or {@code /proc} cannot be read, {@link #seconds()}
 * is {@code NaN}.
 */
final class ServerCpu implements AutoCloseable {
  /** Linux reports these fields in clock ticks of {@code USER_HZ}, 100 on every architecture. */
  private static final double TICKS_PER_SECOND = 100.0;

  private final Connection connection;
  private final Map<Integer, Long> lastTicks = new HashMap<>();
  private boolean readable = true;

  private ServerCpu(Connection connection) {
    this.connection = connection;
  }

  /** Watches the backends of the database {@code dataSource} connects to (one connection held). */
  static ServerCpu postgres(DataSource dataSource) throws SQLException {
    return new ServerCpu(dataSource.getConnection());
  }

  /** CPU seconds of the database's backends so far, as a growing total; {@code NaN} if unreadable. */
  synchronized double seconds() {
    if (!readable) {
      return Double.NaN;
    }
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database()")) {
      while (rs.next()) {
        int pid = rs.getInt(1);
        Long ticks = ticks(pid);
        if (ticks != null) {
          lastTicks.put(pid, ticks);
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("pg_stat_activity: " + e.getMessage(), e);
    }
    if (lastTicks.isEmpty()) {
      // not even the watching connection's own backend is on this machine
      readable = false;
      return Double.NaN;
    }
    long total = 0;
    for (long t : lastTicks.values()) {
      total += t;
    }
    return total / TICKS_PER_SECOND;
  }

  /** utime + stime of a process, or null when it is gone or not on this machine. */
  private static Long ticks(int pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      // fields after "(comm) ": state is the first; utime and stime are the 12th and 13th
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
