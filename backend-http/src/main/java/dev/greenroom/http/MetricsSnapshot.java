package dev.greenroom.http;

import java.util.List;
import java.util.Map;

/**
 * Per-route request counters and a latency histogram, as a plain snapshot.
 *
 * @param routes by route key ({@code GET /api/catalog/entities/by-name/:kind/:namespace/:name}, or
 *     {@code unmatched})
 */
public record MetricsSnapshot(Map<String, RouteMetrics> routes) {
  /** Upper bounds (inclusive, milliseconds) of the histogram buckets; a last bucket holds the rest. */
  public static final List<Long> BUCKETS_MS = List.of(5L, 10L, 25L, 50L, 100L, 250L, 500L, 1000L, 5000L);

  public MetricsSnapshot {
    routes = Map.copyOf(routes);
  }

  /**
   * The numbers of one route.
   *
   * @param requests how many requests were answered
   * @param errors how many answered with status 400 or more
   * @param totalMillis the sum of their durations
   * @param maxMillis the longest
   * @param histogram counts per bucket of {@link #BUCKETS_MS}, plus one for longer requests
   */
  public record RouteMetrics(
      long requests, long errors, long totalMillis, long maxMillis, List<Long> histogram) {
    public RouteMetrics {
      histogram = List.copyOf(histogram);
    }
  }
}
