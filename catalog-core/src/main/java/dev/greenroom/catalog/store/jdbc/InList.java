package dev.greenroom.catalog.store.jdbc;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * The one way Greenroom's JDBC stores bind an {@code IN} list: positional marks written by {@link
 * #marks}, bound in order by {@link #bind}, the values split into chunks of at most {@value
 * #CHUNK} by {@link #chunks} (PostgreSQL's and H2's limits on bind values are far above it, and
 * longer lists make both plan worse). Values are never spliced into the SQL text.
 *
 * <pre>{@code
 * InList.chunks(refs, chunk ->
 *     InList.bind(h.createQuery("SELECT ref FROM t WHERE kind = ? AND ref IN (" + InList.marks(chunk.size()) + ")")
 *         .bind(0, kind), 1, chunk).mapTo(String.class).forEach(found::add));
 * }</pre>
 */
public final class InList {
  /** Most values in one {@code IN} list. */
  public static final int CHUNK = 500;

  private InList() {}

  /** {@code ?, ?, ...}: {@code n} positional marks, {@code n >= 1}. */
  public static String marks(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("an IN list needs at least one value");
    }
    StringBuilder sb = new StringBuilder(n * 3);
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append('?');
    }
    return sb.toString();
  }

  /** Binds {@code values} to the positions {@code from, from + 1, ...} of {@code statement}. */
  public static <S extends SqlStatement<S>> S bind(S statement, int from, List<?> values) {
    for (int i = 0; i < values.size(); i++) {
      statement.bind(from + i, values.get(i));
    }
    return statement;
  }

  /**
   * Runs {@code work} on consecutive chunks of at most {@value #CHUNK} of {@code values}, in their
   * iteration order; not at all when there are none.
   */
  public static <T> void chunks(Collection<? extends T> values, Consumer<List<T>> work) {
    List<T> list = new ArrayList<>(values);
    for (int i = 0; i < list.size(); i += CHUNK) {
      work.accept(list.subList(i, Math.min(list.size(), i + CHUNK)));
    }
  }
}
