package dev.greenroom.catalog.store.jdbc;

import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

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
