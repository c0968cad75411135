package dev.greenroom.scorecard.fact;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * How much fact history to keep for one retriever (Tech Insights' lifecycle): facts older than
 * {@code timeToLive}, and/or all but the {@code maxItems} newest per entity, are deleted after each
 * insert.
 *
 * @param timeToLive the longest age kept, or null
 * @param maxItems the most rows kept per entity, or 0 for no limit
 */
public record Retention(@Nullable Duration timeToLive, int maxItems) {
  /** Keeps everything. */
  public static final Retention FOREVER = new Retention(null, 0);

  /** Validates the parts. */
  public Retention {
    if (maxItems < 0) {
      throw new IllegalArgumentException("maxItems must be >= 0: " + maxItems);
    }
    if (timeToLive != null && (timeToLive.isNegative() || timeToLive.isZero())) {
      throw new IllegalArgumentException("timeToLive must be positive: " + timeToLive);
    }
  }

  /** Keeps facts younger than {@code ttl}. */
  public static Retention timeToLive(Duration ttl) {
    return new Retention(ttl, 0);
  }

  /** Keeps the {@code n} newest facts per entity. */
  public static Retention maxItems(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("maxItems must be >= 1: " + n);
    }
    return new Retention(null, n);
  }
}
