package dev.greenroom.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.http.auth.StaticTokenAuthenticator;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The request timer by route template, and the host's scrape at {@code /api/greenroom/metrics}. */
class MetricsTest {
  private static final String BY_NAME = "/api/catalog/entities/by-name/:kind/:namespace/:name";

  @TempDir Path dir;

  /** The timer is recorded after the answer was sent: wait for it. */
  private static void await(BooleanSupplier condition) {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition within 5 s").isLessThan(deadline);
      Thread.onSpinWait();
    }
  }

  private static long count(SimpleMeterRegistry meters, String route) {
    return meters.find(HttpApi.REQUESTS_METER).tag("route", route).timers().stream()
        .mapToLong(Timer::count).sum();
  }

  @Test
  void requestsAreTimedByRouteTemplateMethodAndStatus() throws Exception {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    try (CatalogEngine engine = TestCatalog.engine(dir, 0);
        BackendServer server = BackendServer.builder().port(0).catalog(engine)
            .meterRegistry(meters).build().start()) {
      TestCatalog.get(server.baseUrl(), "/api/catalog/entities/by-name/Component/default/petstore");
      TestCatalog.get(server.baseUrl(), "/api/catalog/entities/by-name/Component/default/nope");
      TestCatalog.get(server.baseUrl(), "/api/nothing-here/at/all");
      await(() -> count(meters, BY_NAME) == 2 && count(meters, HttpApi.UNMATCHED_ROUTE) == 1);

      Timer found = meters.get(HttpApi.REQUESTS_METER).tags("route", BY_NAME, "status", "200")
          .timer();
      assertThat(found.count()).isEqualTo(1);
      assertThat(found.getId().getTag("method")).isEqualTo("GET");
      assertThat(found.getId().getTag("outcome")).isEqualTo("SUCCESS");
      Timer missing = meters.get(HttpApi.REQUESTS_METER).tags("route", BY_NAME, "status", "404")
          .timer();
      assertThat(missing.count()).isEqualTo(1);
      assertThat(missing.getId().getTag("outcome")).isEqualTo("CLIENT_ERROR");
      // raw paths never become tag values
      assertThat(meters.find(HttpApi.REQUESTS_METER).meters())
          .extracting(m -> m.getId().getTag("route"))
          .containsOnly(BY_NAME, HttpApi.UNMATCHED_ROUTE);
    }
  }

  @Test
  void aMethodOutsideHttpsOwnIsTaggedOther() throws Exception {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    try (BackendServer server = BackendServer.builder().port(0).meterRegistry(meters).build()
        .start()) {
      HttpClient.newHttpClient().send(HttpRequest.newBuilder(
              URI.create(server.baseUrl() + "/api/catalog/entities"))
          .method("BREW", HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.discarding());
      await(() -> !meters.find(HttpApi.REQUESTS_METER).timers().isEmpty());
      assertThat(meters.get(HttpApi.REQUESTS_METER).timer().getId().getTag("method"))
          .isEqualTo("other");
    }
  }

  @Test
  void withoutAScrapeTheMetricsPathAnswersBackstagesNotFound() throws Exception {
    try (CatalogEngine engine = TestCatalog.engine(dir, 0);
        BackendServer server = BackendServer.builder().port(0).catalog(engine).build().start()) {
      HttpResponse<String> r = TestCatalog.get(server.baseUrl(), HttpApi.METRICS_PATH);
      assertThat(r.statusCode()).isEqualTo(404);
      assertThat(server.api().pluginIds()).doesNotContain("greenroom");
      assertThat(Json.parse(r.body()).at("/error/name").stringValue()).isEqualTo("NotFoundError");
    }
  }

  @Test
  void theHostsScrapeIsServedFreshOnEachRequest() throws Exception {
    AtomicInteger scrapes = new AtomicInteger();
    try (BackendServer server = BackendServer.builder().port(0)
        .metricsScrape(() -> "# TYPE demo counter\ndemo_total " + scrapes.incrementAndGet() + "\n",
            "text/plain; version=0.0.4; charset=utf-8")
        .build().start()) {
      HttpResponse<String> first = TestCatalog.get(server.baseUrl(), HttpApi.METRICS_PATH);
      assertThat(first.statusCode()).isEqualTo(200);
      assertThat(first.headers().firstValue("content-type")).hasValue(
          "text/plain; version=0.0.4; charset=utf-8");
      assertThat(first.body()).isEqualTo("# TYPE demo counter\ndemo_total 1\n");
      assertThat(TestCatalog.get(server.baseUrl(), HttpApi.METRICS_PATH).body())
          .contains("demo_total 2");
    }
  }

  @Test
  void metricsNeedTheSameCredentialsAsTheApi() throws Exception {
    try (CatalogEngine engine = TestCatalog.engine(dir, 0);
        BackendServer server = BackendServer.builder().port(0).catalog(engine)
            .metricsScrape(() -> "demo 1\n", "text/plain; version=0.0.4; charset=utf-8")
            .authenticator(StaticTokenAuthenticator.of(Map.of("s3cret-token", "ops"))).build().start()) {
      HttpClient http = HttpClient.newHttpClient();
      URI uri = URI.create(server.baseUrl() + HttpApi.METRICS_PATH);
      assertThat(http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString())
          .statusCode()).isEqualTo(401);
      assertThat(http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer s3cret-token").build(),
          HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void aBlankContentTypeIsRefused() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> HttpApi.builder().metricsScrape(() -> "", " "))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("content type");
  }
}
