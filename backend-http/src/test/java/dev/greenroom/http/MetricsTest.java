package dev.greenroom.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.http.auth.StaticTokenAuthenticator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Route counters, latency histograms and processing gauges, in Java and at {@code /metrics}. */
class MetricsTest {
  @TempDir Path dir;

  @Test
  void metricsCountRoutesAndShowTheProcessingQueues() throws Exception {
    try (CatalogEngine engine = TestCatalog.engine(dir, 0);
        BackendServer server = BackendServer.builder().port(0).catalog(engine).build().start()) {
      TestCatalog.get(server.baseUrl(), "/api/catalog/entities/by-name/Component/default/petstore");
      TestCatalog.get(server.baseUrl(), "/api/catalog/entities/by-name/Component/default/nope");
      // the counters are updated after the response is sent: wait for them
      String key = "GET /api/catalog/entities/by-name/:kind/:namespace/:name";
      long deadline = System.nanoTime() + 2_000_000_000L;
      while (System.nanoTime() < deadline && (!server.metrics().routes().containsKey(key)
          || server.metrics().routes().get(key).requests() < 2)) {
        Thread.onSpinWait();
      }
      MetricsSnapshot m = server.metrics();
      MetricsSnapshot.RouteMetrics byName =
          m.routes().get("GET /api/catalog/entities/by-name/:kind/:namespace/:name");
      assertThat(byName.requests()).isEqualTo(2);
      assertThat(byName.errors()).isEqualTo(1);
      assertThat(byName.histogram().stream().mapToLong(Long::longValue).sum()).isEqualTo(2);
      assertThat(m.gauges()).containsKeys("catalog_entities", "catalog_processing_due",
          "catalog_stitch_queued", "catalog_restitch_deferred");
      assertThat(m.gauges().get("catalog_entities")).isEqualTo(engine.catalog().store().size());
      assertThat(m.gauges().get("catalog_processing_due")).isZero();

      HttpResponse<String> r = TestCatalog.get(server.baseUrl(), HttpApi.METRICS_PATH);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("text/plain");
      assertThat(r.body())
          .contains("greenroom_http_requests_total{route=\"GET /api/catalog/entities/by-name/:kind/:namespace/:name\"} 2")
          .contains("greenroom_http_request_duration_ms_bucket{route=\"GET /api/catalog/entities/by-name/:kind/:namespace/:name\",le=\"+Inf\"} 2")
          .contains("greenroom_catalog_processing_due 0")
          .contains("greenroom_catalog_entities " + engine.catalog().store().size());
    }
  }

  @Test
  void metricsNeedTheSameCredentialsAsTheApi() throws Exception {
    try (CatalogEngine engine = TestCatalog.engine(dir, 0);
        BackendServer server = BackendServer.builder().port(0).catalog(engine)
            .authenticator(StaticTokenAuthenticator.of(Map.of("s3cret-token", "ops"))).build().start()) {
      HttpClient http = HttpClient.newHttpClient();
      URI uri = URI.create(server.baseUrl() + HttpApi.METRICS_PATH);
      assertThat(http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString())
          .statusCode()).isEqualTo(401);
      assertThat(http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer s3cret-token").build(),
          HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }
  }
}
