package dev.greenroom.catalog.store.jdbc;

import dev.greenroom.catalog.query.SearchIndex;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * How a JDBC store reads: the statement timeout of its reads and how often a read that failed on a
 * broken connection is tried again. Writes have no timeout (a bulk write or an index build may
 * legitimately run long) and are never retried by the store. For the catalog store ({@link
 * JdbcEntityStore}) also the facet keys whose counts it keeps in its write transaction; other
 * stores ignore them.
 *
 * <pre>{@code
 * JdbcEntityStore.postgres(url, JdbcOptions.defaults().withReadTimeout(Duration.ofSeconds(10)));
 * JdbcEntityStore.postgres(url, JdbcOptions.defaults()                 // counts of two keys only
 *     .withFacetKeys(List.of("kind", "spec.type")));
 * }</pre>
 *
 * @param readTimeout how long one read statement may run before the database cancels it (a
 *     {@link dev.greenroom.catalog.store.QueryTimeoutException}); JDBC counts whole seconds, so it
 *     is rounded up to the next second; {@link Duration#ZERO} for no timeout
 * @param readRetries how many times a read that failed because its connection broke (SQLState
 *     class {@code 08}, or PostgreSQL's {@code 57P01}-{@code 57P03}: the server shut down or
 *     terminated the backend) runs again on another connection; reads are idempotent
 * @param facetKeys the search keys (lower-cased, sorted, distinct) whose facet counts the catalog
 *     store maintains in its write transaction: facets of these keys, unfiltered or under a filter
 *     on {@code kind} only, are read from the counts instead of computed from the search table.
 *     Default: the keys Backstage's catalog UI asks facets of ({@link #DEFAULT_FACET_KEYS}); empty
 *     keeps none. Hosts sharing one database should configure the same keys: the store that opens
 *     last sets the database's list (answers stay exact either way).
 */
public record JdbcOptions(Duration readTimeout, int readRetries, List<String> facetKeys) {
  /** The default read timeout: 30 seconds. */
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);

  /**
   * The facet keys maintained by default: {@code kind}, {@code metadata.namespace}, {@code
   * metadata.tags}, {@code relations.ownedby}, {@code spec.lifecycle}, {@code spec.owner} and
   * {@code spec.type} (Backstage's kind, namespace, tag, owner, lifecycle and type pickers).
   */
  public static final List<String> DEFAULT_FACET_KEYS = FacetCounts.DEFAULT_KEYS;

  private static final JdbcOptions DEFAULTS =
      new JdbcOptions(DEFAULT_READ_TIMEOUT, 1, DEFAULT_FACET_KEYS);

  /**
   * @throws IllegalArgumentException for a negative timeout or retry count, more than 5 retries,
   *     or a blank facet key or one over {@value SearchIndex#MAX_KEY_LENGTH} characters
   */
  public JdbcOptions {
    Objects.requireNonNull(facetKeys, "facetKeys");
    TreeSet<String> keys = new TreeSet<>();
    for (String k : facetKeys) {
      if (k == null || k.isBlank() || k.length() > SearchIndex.MAX_KEY_LENGTH) {
        throw new IllegalArgumentException("invalid facet key: " + k);
      }
      keys.add(SearchIndex.normalize(k));
    }
    facetKeys = List.copyOf(keys);
    Objects.requireNonNull(readTimeout, "readTimeout");
    if (readTimeout.isNegative()) {
      throw new IllegalArgumentException("readTimeout must not be negative: " + readTimeout);
    }
    if (readTimeout.getSeconds() >= Integer.MAX_VALUE) {
      throw new IllegalArgumentException("readTimeout too long: " + readTimeout);
    }
    if (readRetries < 0 || readRetries > 5) {
      throw new IllegalArgumentException("readRetries must be between 0 and 5: " + readRetries);
    }
  }

  /** These read settings with the default facet keys. */
  public JdbcOptions(Duration readTimeout, int readRetries) {
    this(readTimeout, readRetries, DEFAULT_FACET_KEYS);
  }

  /** A 30-second read timeout and one retry after a broken connection. */
  public static JdbcOptions defaults() {
    return DEFAULTS;
  }

  /** The same options with another read timeout ({@link Duration#ZERO}: none). */
  public JdbcOptions withReadTimeout(Duration timeout) {
    return new JdbcOptions(timeout, readRetries, facetKeys);
  }

  /** The same options with another retry count (0 to 5). */
  public JdbcOptions withReadRetries(int retries) {
    return new JdbcOptions(readTimeout, retries, facetKeys);
  }

  /**
   * The same options with other maintained facet keys (case-insensitive; empty for none).
   *
   * @throws IllegalArgumentException for a blank key or one over 200 characters
   */
  public JdbcOptions withFacetKeys(Collection<String> keys) {
    return new JdbcOptions(readTimeout, readRetries, List.copyOf(keys));
  }

  /** The timeout in JDBC's whole seconds, rounded up; null for none. */
  @Nullable Integer timeoutSeconds() {
    if (readTimeout.isZero()) {
      return null;
    }
    long s = readTimeout.getSeconds() + (readTimeout.getNano() > 0 ? 1 : 0);
    return (int) Math.max(1, s);
  }
}
