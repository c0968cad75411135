package dev.greenroom.http.scaffolder;

import dev.greenroom.http.ApiException;
import dev.greenroom.http.Call;
import java.util.concurrent.ConcurrentHashMap;

/**
 * At most {@code max} calls of one kind running at once per caller (the authenticated principal's
 * name); past it the call answers 429 with {@code Retry-After}. Callers with nothing running take
 * no memory.
 */
final class CallerLimits {
  private final String what;
  private final int max;
  private final int retryAfterSeconds;
  private final ConcurrentHashMap<String, Integer> running = new ConcurrentHashMap<>();

  CallerLimits(String what, int max, int retryAfterSeconds) {
    this.what = what;
    this.max = max;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** One running call; {@link #close()} it exactly once when the work is over. */
  interface Permit extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Takes a place for the caller of {@code call}.
   *
   * @throws ApiException 429 when the caller has {@code max} running already
   */
  Permit acquire(Call call) {
    String key = String.valueOf(call.principal().getName());
    boolean[] taken = new boolean[1];
    running.compute(key, (k, n) -> {
      int now = n == null ? 0 : n;
      if (now >= max) {
        return n;
      }
      taken[0] = true;
      return now + 1;
    });
    if (!taken[0]) {
      call.header("Retry-After", String.valueOf(retryAfterSeconds));
      throw ApiException.tooManyRequests("You have " + max + " " + what
          + " running already; try again when one has finished");
    }
    boolean[] closed = new boolean[1];
    return () -> {
      synchronized (closed) {
        if (closed[0]) {
          return;
        }
        closed[0] = true;
      }
      running.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
    };
  }

  /** How many calls the caller named {@code principal} has running (for tests). */
  int running(String principal) {
    return running.getOrDefault(principal, 0);
  }
}
