package dev.greenroom.catalog.store.jdbc;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Rows sent with PostgreSQL's {@code COPY ... FROM STDIN} in its text format, where a JDBC batch
 * would send an {@code INSERT} per row (or per 128 rows, rewritten): the driver binds no value
 * and the server runs one statement for all the rows. The rows are written field by field into a
 * buffer that goes to the server every {@value #FLUSH_CHARS} characters.
 *
 * <p>Only this class names the PostgreSQL driver (an optional dependency of this module): callers
 * ask {@link #available} on PostgreSQL only, and write a JDBC batch when it says no (a host's
 * connection wrapper that does not unwrap to the driver's connection).
 */
final class PgCopy {
  private static final int FLUSH_CHARS = 1 << 16;

  private final CopyIn copy;
  private final StringBuilder buf = new StringBuilder(FLUSH_CHARS + 4096);
  private boolean rowStarted;

  private PgCopy(CopyIn copy) {
    this.copy = copy;
  }

  /** Whether {@code c} unwraps to the PostgreSQL driver's connection, which can copy. */
  static boolean available(Connection c) {
    try {
      return c.isWrapperFor(PGConnection.class);
    } catch (SQLException | NoClassDefFoundError e) {
      return false;
    }
  }

  /**
   * Starts {@code COPY table (columns) FROM STDIN} on {@code c}, in its current transaction.
   *
   * @param target {@code table (column, ...)}
   */
  static PgCopy start(Connection c, String target) throws SQLException {
    return new PgCopy(
        c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + target + " FROM STDIN"));
  }

  /** The next field of the current row. */
  PgCopy field(long value) {
    separate();
    buf.append(value);
    return this;
  }

  /** The next field of the current row; null is SQL NULL. */
  PgCopy field(@Nullable String value) {
    separate();
    if (value == null) {
      buf.append("\\N");
      return this;
    }
    if (value.indexOf('\\') < 0
        && value.indexOf('\n') < 0
        && value.indexOf('\r') < 0
        && value.indexOf('\t') < 0) {
      // most values have nothing to escape: appended whole (an array copy; the searches are
      // intrinsics, where a loop over the characters costs more than the copy)
      buf.append(value);
      return this;
    }
    for (int i = 0; i < value.length(); i++) {
      char ch = value.charAt(i);
      switch (ch) {
        case '\\' -> buf.append("\\\\");
        case '\n' -> buf.append("\\n");
        case '\r' -> buf.append("\\r");
        case '\t' -> buf.append("\\t");
        default -> buf.append(ch);
      }
    }
    return this;
  }

  private void separate() {
    if (rowStarted) {
      buf.append('\t');
    }
    rowStarted = true;
  }

  /** Ends the current row. */
  void endRow() throws SQLException {
    buf.append('\n');
    rowStarted = false;
    if (buf.length() >= FLUSH_CHARS) {
      send();
    }
  }

  private void send() throws SQLException {
    byte[] bytes = buf.toString().getBytes(StandardCharsets.UTF_8);
    copy.writeToCopy(bytes, 0, bytes.length);
    buf.setLength(0);
  }

  /**
   * Sends what is buffered and ends the copy.
   *
   * @return the number of rows the server copied
   */
  long finish() throws SQLException {
    if (buf.length() > 0) {
      send();
    }
    return copy.endCopy();
  }

  /** Abandons the copy (after a failure), if it is still under way. */
  void cancel() {
    try {
      if (copy.isActive()) {
        copy.cancelCopy();
      }
    } catch (SQLException e) {
      // the transaction fails anyway; the first failure is the one reported
    }
  }
}
