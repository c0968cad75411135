package dev.greenroom.http;

import java.util.List;
import java.util.Map;

/**
 * Per-route request counters and a latency histogram, and the catalog's processing gauges, as a
 * plain snapshot.
 *
 * @param routes by route key ({@code GET /api/catalog/entities/by-name/:kind/:namespace/:name}, or
 *     {@code unmatched})
 * @param gauges current values by name: {@code catalog_entities} (final entities served), {@code
 *     catalog_processing_due} (entities waiting to be processed: the processing queue depth),
 *     {@code catalog_stitch_queued} (processed entities waiting to be stitched), {@code
 *     catalog_restitch_deferred} (entities whose relations catch up after a backlog); empty when
 *     no catalog is served
 */
public record MetricsSnapshot(Map<String, RouteMetrics> routes, Map<String, Long> gauges) {
  /** Upper bounds (inclusive, milliseconds) of the histogram buckets; a last bucket holds the rest. */
  public static final List<Long> BUCKETS_MS = List.of(5L, 10L, 25L, 50L, 100L, 250L, 500L, 1000L, 5000L);

  public MetricsSnapshot {
    routes = Map.copyOf(routes);
    gauges = Map.copyOf(gauges);
  }

  /**
   * The snapshot in Prometheus' text exposition format: {@code greenroom_http_requests_total},
   * {@code greenroom_http_errors_total}, {@code greenroom_http_request_duration_ms} (a histogram)
   * per route, and one {@code greenroom_<gauge>} line per gauge.
   */
  public String toPrometheus() {
    StringBuilder sb = new StringBuilder();
    sb.append("# TYPE greenroom_http_requests_total counter\n");
    routes.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e ->
        sb.append("greenroom_http_requests_total{route=\"").append(label(e.getKey())).append("\"} ")
            .append(e.getValue().requests()).append('\n'));
    sb.append("# TYPE greenroom_http_errors_total counter\n");
    routes.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e ->
        sb.append("greenroom_http_errors_total{route=\"").append(label(e.getKey())).append("\"} ")
            .append(e.getValue().errors()).append('\n'));
    sb.append("# TYPE greenroom_http_request_duration_ms histogram\n");
    routes.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
      String route = label(e.getKey());
      RouteMetrics m = e.getValue();
      long cumulative = 0;
      for (int i = 0; i < m.histogram().size(); i++) {
        cumulative += m.histogram().get(i);
        String le = i < BUCKETS_MS.size() ? Long.toString(BUCKETS_MS.get(i)) : "+Inf";
        sb.append("greenroom_http_request_duration_ms_bucket{route=\"").append(route)
            .append("\",le=\"").append(le).append("\"} ").append(cumulative).append('\n');
      }
      sb.append("greenroom_http_request_duration_ms_sum{route=\"").append(route).append("\"} ")
          .append(m.totalMillis()).append('\n');
      sb.append("greenroom_http_request_duration_ms_count{route=\"").append(route).append("\"} ")
          .append(m.requests()).append('\n');
    });
    gauges.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e ->
        sb.append("# TYPE greenroom_").append(e.getKey()).append(" gauge\n")
            .append("greenroom_").append(e.getKey()).append(' ').append(e.getValue()).append('\n'));
    return sb.toString();
  }

  private static String label(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"");
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
