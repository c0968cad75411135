package dev.greenroom.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.processing.CatalogEngine;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/** {@code GET /entities} without paging streams the list as it goes (chunked, no length). */
class StreamingTest {
  @TempDir Path dir;

  @Test
  void aLargeListIsStreamedNotBuffered() throws Exception {
    try (CatalogEngine engine = TestCatalog.engine(dir, 5_000);
        BackendServer server = BackendServer.builder().port(0).catalog(engine).build().start()) {
      HttpResponse<InputStream> r = TestCatalog.CLIENT.send(
          HttpRequest.newBuilder(server.baseUrl().resolve("/api/catalog/entities")).GET().build(),
          HttpResponse.BodyHandlers.ofInputStream());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("content-length")).isEmpty();
      assertThat(r.headers().firstValue("transfer-encoding")).hasValue("chunked");
      int count = 0;
      try (InputStream in = r.body(); JsonParser p = Json.mapper().createParser(in)) {
        assertThat(p.nextToken()).isEqualTo(JsonToken.START_ARRAY);
        while (p.nextToken() == JsonToken.START_OBJECT) {
          p.skipChildren();
          count++;
        }
      }
      assertThat(count).isEqualTo(5_008);
    }
  }
}
