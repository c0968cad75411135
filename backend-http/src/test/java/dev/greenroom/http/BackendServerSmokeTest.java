package dev.greenroom.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.processing.CatalogEngine;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class BackendServerSmokeTest {
  @TempDir Path dir;

  @Test
  void servesAnEntityByNameOnAFreePort() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    try (CatalogEngine engine = TestCatalog.engine(dir, 0);
        BackendServer server = BackendServer.builder().port(0).catalog(engine)
            .meterRegistry(meters).build().start()) {
      assertThat(server.port()).isPositive();
      HttpResponse<String> r =
          TestCatalog.get(server.baseUrl(), "/api/catalog/entities/by-name/Component/default/petstore");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("content-type")).hasValue("application/json; charset=utf-8");
      JsonNode e = Json.parse(r.body());
      assertThat(e.at("/metadata/name").stringValue()).isEqualTo("petstore");
      // recorded after the answer was sent
      long deadline = System.nanoTime() + 2_000_000_000L;
      while (meters.find(HttpApi.REQUESTS_METER).timer() == null && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertThat(meters.get(HttpApi.REQUESTS_METER).timer().getId().getTag("route"))
          .isEqualTo("/api/catalog/entities/by-name/:kind/:namespace/:name");
    }
  }
}
