package dev.greenroom.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.processing.CatalogEngine;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class BackendServerSmokeTest {
  @TempDir Path dir;

  @Test
  void servesAnEntityByNameOnAFreePort() {
    try (CatalogEngine engine = TestCatalog.engine(dir, 0);
        BackendServer server = BackendServer.builder().port(0).catalog(engine).build().start()) {
      assertThat(server.port()).isPositive();
      HttpResponse<String> r =
          TestCatalog.get(server.baseUrl(), "/api/catalog/entities/by-name/Component/default/petstore");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("content-type")).hasValue("application/json; charset=utf-8");
      JsonNode e = Json.parse(r.body());
      assertThat(e.at("/metadata/name").stringValue()).isEqualTo("petstore");
      assertThat(server.metrics().routes()).containsKey(
          "GET /api/catalog/entities/by-name/:kind/:namespace/:name");
    }
  }
}
