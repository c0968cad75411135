package dev.greenroom.catalog.store.jdbc;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How a JDBC store reads: the statement timeout of its reads and how often a read that failed on a
 * broken connection is tried again. Writes have no timeout (a bulk write or an index build may
 * legitimately run long) and are never retried by the store.
 *
 * <pre>{@code
 * JdbcEntityStore.postgres(url, JdbcOptions.defaults().withReadTimeout(Duration.ofSeconds(10)));
 * }</pre>
 *
 * @param readTimeout how long one read statement may run before the database cancels it (a
 *     {@link dev.greenroom.catalog.store.QueryTimeoutException}); JDBC counts whole seconds, so it
 *     is rounded up to the next second; {@link Duration#ZERO} for no timeout
 * @param readRetries how many times a read that failed because its connection broke (SQLState
 *     class {@code 08}, or PostgreSQL's {@code 57P01}-{@code 57P03}: the server shut down or
 *     terminated the backend) runs again on another connection; reads are idempotent
 */
public record JdbcOptions(Duration readTimeout, int readRetries) {
  /** The default read timeout: 30 seconds. */
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);

  private static final JdbcOptions DEFAULTS = new JdbcOptions(DEFAULT_READ_TIMEOUT, 1);

  /**
   * @throws IllegalArgumentException for a negative timeout or retry count, or more than 5 retries
   */
  public JdbcOptions {
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

  /** A 30-second read timeout and one retry after a broken connection. */
  public static JdbcOptions defaults() {
    return DEFAULTS;
  }

  /** The same options with another read timeout ({@link Duration#ZERO}: none). */
  public JdbcOptions withReadTimeout(Duration timeout) {
    return new JdbcOptions(timeout, readRetries);
  }

  /** The same options with another retry count (0 to 5). */
  public JdbcOptions withReadRetries(int retries) {
    return new JdbcOptions(readTimeout, retries);
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
