package dev.greenroom.catalog.store;

import java.time.Duration;

/**
 * A read ran longer than the store's statement timeout and the database cancelled it. The query
 * is not running any more; asking again with a narrower filter, or later, may succeed. The HTTP
 * routes answer 503.
 */
public final class QueryTimeoutException extends StoreException {
  private final Duration timeout;

  public QueryTimeoutException(String message, Duration timeout, Throwable cause) {
    super(message, cause);
    this.timeout = timeout;
  }

  /** The timeout that was exceeded. */
  public Duration timeout() {
    return timeout;
  }
}
