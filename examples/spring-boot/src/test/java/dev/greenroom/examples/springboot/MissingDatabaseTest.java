package dev.greenroom.examples.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.processing.CatalogEngine;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The example service started before its database exists (an H2 file database opened with {@code
 * IFEXISTS=TRUE}, as a server's database that was not created yet): it starts, reports DOWN with
 * the reason, answers 503 on Backstage's routes, and serves the catalog once the database is
 * created, without a restart.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MissingDatabaseTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Path DB =
      Path.of("target", "late-db-" + UUID.randomUUID()).toAbsolutePath();
  private static final String PASSWORD = "pw-" + UUID.randomUUID();

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry r) {
    r.add("spring.datasource.url", () -> "jdbc:h2:file:" + DB + ";IFEXISTS=TRUE");
    r.add("spring.datasource.username", () -> "sa");
    r.add("spring.datasource.password", () -> PASSWORD);
    r.add("greenroom.catalog.start-retry.initial-delay", () -> "100ms");
    r.add("greenroom.catalog.start-retry.max-delay", () -> "300ms");
  }

  @LocalServerPort int port;
  @Autowired CatalogEngine engine;

  private HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(20)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theServiceStartsDownAndServesTheCatalogOnceTheDatabaseIsCreated() throws Exception {
    HttpResponse<String> health = get("/actuator/health");
    assertThat(health.statusCode()).isEqualTo(503);
    JsonNode greenroom = Json.parse(health.body()).at("/components/greenroom");
    assertThat(greenroom.get("status").asString()).isEqualTo("DOWN");
    assertThat(greenroom.at("/details/reason").asString())
        .startsWith("the catalog has not started: cannot open ")
        .contains("not found");
    assertThat(health.body()).doesNotContain(PASSWORD);

    HttpResponse<String> entities = get("/api/catalog/entities");
    assertThat(entities.statusCode()).isEqualTo(503);
    JsonNode error = Json.parse(entities.body());
    assertThat(error.at("/error/name").asString()).isEqualTo("ServiceUnavailableError");
    assertThat(error.at("/response/statusCode").asInt()).isEqualTo(503);
    assertThat(entities.body()).doesNotContain(PASSWORD).doesNotContain(DB.toString());

    // the database is created (by its administrator, say) while the service runs
    try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + DB, "sa", PASSWORD)) {
      assertThat(c.isValid(1)).isTrue();
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (get("/actuator/health").statusCode() != 200) {
      assertThat(System.nanoTime()).as("health UP within 30 s").isLessThan(deadline);
      Thread.sleep(100);
    }
    assertThat(engine.awaitIdle(Duration.ofSeconds(60))).isTrue();
    HttpResponse<String> greeter = get("/api/catalog/entities/by-name/component/default/greeter");
    assertThat(greeter.statusCode()).isEqualTo(200);
    assertThat(greeter.body()).contains("\"name\":\"greeter\"");
  }
}
