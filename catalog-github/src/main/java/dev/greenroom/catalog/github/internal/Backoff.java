package dev.greenroom.catalog.github.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When a provider may ask GitHub again after failures: GitHub's own wait ({@code retry-after},
 * {@code x-ratelimit-reset}) when it gave one, else {@code base} doubled for each failure in a
 * row, at most {@code max}. A success resets it. Thread-safe.
 */
public final class Backoff {
  private final Clock clock;
  private final Duration base;
  private final Duration max;
  private int failures;
  private Instant until = Instant.MIN;

  public Backoff(Clock clock, Duration base, Duration max) {
    this.clock = clock;
    this.base = base;
    this.max = max;
  }

  /** Whether a request may go now. */
  public synchronized boolean allowed() {
    return !clock.instant().isBefore(until);
  }

  /** Until when requests wait; {@link Instant#MIN} when they need not. */
  public synchronized Instant until() {
    return until;
  }

  /** Records a failure; returns the wait. */
  public synchronized Duration failed(Optional<Duration> retryAfter) {
    failures++;
    Duration wait = retryAfter.orElseGet(() -> {
      Duration d = base.multipliedBy(1L << Math.min(20, failures - 1));
      return d.compareTo(max) > 0 ? max : d;
    });
    until = clock.instant().plus(wait);
    return wait;
  }

  /** Records a success. */
  public synchronized void succeeded() {
    failures = 0;
    until = Instant.MIN;
  }
}
