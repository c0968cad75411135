package dev.greenroom.catalog.store.jdbc;

import dev.greenroom.catalog.store.StoreException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.SqlStatements;

/** SQL text with its positional bind values; values are never spliced into the text. */
final class Sql {
  final StringBuilder text = new StringBuilder();
  final List<Object> params = new ArrayList<>();

  Sql append(String s) {
    text.append(s);
    return this;
  }

  /** Appends a {@code ?} bound to {@code value}. */
  Sql bind(Object value) {
    text.append('?');
    params.add(value);
    return this;
  }

  /**
   * Appends {@code ?, ?, ...} ({@link InList#marks}) bound to {@code values}, which must not be
   * empty.
   */
  Sql bindList(List<?> values) {
    text.append(InList.marks(values.size()));
    params.addAll(values);
    return this;
  }

  Sql append(Sql other) {
    text.append(other.text);
    params.addAll(other.params);
    return this;
  }

  Query query(Handle h) {
    Query q = h.createQuery(text.toString());
    for (int i = 0; i < params.size(); i++) {
      q.bind(i, params.get(i));
    }
    return q;
  }

  /** Reads one row of a result, on which the result set stands. */
  interface RowReader {
    void read(ResultSet rs) throws SQLException;
  }

  /**
   * Runs the query with plain JDBC on the handle's connection, with the handle's statement timeout,
   * and hands each row to {@code reader}: for the reads behind every catalog page ({@code scan},
   * {@code count}), where Jdbi's statement machinery (argument factories, statement context,
   * cleanables) cost about as much CPU as H2 spent running the indexed query itself. Values are
   * bound with {@link PreparedStatement#setObject}, which binds strings and numbers as Jdbi does.
   *
   * @throws StoreException with the driver's exception as its cause (so that {@link
   *     JdbcDatabase#read} still tells timeouts and broken connections apart)
   */
  void forEachRow(Handle h, RowReader reader) {
    try (PreparedStatement ps = h.getConnection().prepareStatement(text.toString())) {
      Integer timeout = h.getConfig(SqlStatements.class).getQueryTimeout();
      if (timeout != null) {
        ps.setQueryTimeout(timeout);
      }
      for (int i = 0; i < params.size(); i++) {
        ps.setObject(i + 1, params.get(i));
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          reader.read(rs);
        }
      }
    } catch (SQLException e) {
      throw new StoreException("catalog store read failed: " + e.getMessage(), e);
    }
  }

  /** The first column of the query's one row as a long ({@link #forEachRow}). */
  long oneLong(Handle h) {
    long[] out = new long[1];
    int[] rows = new int[1];
    forEachRow(h, rs -> {
      out[0] = rs.getLong(1);
      rows[0]++;
    });
    if (rows[0] != 1) {
      throw new StoreException("expected one row, got " + rows[0]);
    }
    return out[0];
  }

  /** Runs the statement as an update; returns the row count. */
  int update(Handle h) {
    var u = h.createUpdate(text.toString());
    for (int i = 0; i < params.size(); i++) {
      u.bind(i, params.get(i));
    }
    return u.execute();
  }

  @Override
  public String toString() {
    return text + " " + params;
  }

  /** {@code text} as a LIKE pattern that matches it literally, escaped with {@code !}. */
  static String likeLiteral(String text) {
    StringBuilder sb = new StringBuilder(text.length() + 4);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '!' || c == '%' || c == '_') {
        sb.append('!');
      }
      sb.append(c);
    }
    return sb.toString();
  }
}
