package dev.greenroom.http.copies;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.catalog.processing.location.CatalogRules;
import dev.greenroom.catalog.processing.state.jdbc.JdbcProcessingState;
import dev.greenroom.catalog.store.jdbc.JdbcEntityStore;
import dev.greenroom.http.BackendServer;
import dev.greenroom.http.copies.JsonTraffic.Op;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How often one entity is parsed, serialised and deep-copied between its YAML file and the REST
 * answers (issue 16, "one representation per stage"): one Component in a file, read through the
 * engine's Location processing, processed, stitched and written to H2 stores, then answered by
 * {@code GET /entities/by-name}, {@code GET /entities/by-query} and {@code GET /entities}. The
 * counts come from {@link JsonTraffic}'s instrumentation of Jackson; the table it prints is the
 * one in benchmarks/README.md. The assertions hold the figures reached, so that a new copy in a
 * stage fails here with the call sites printed.
 */
class EntityCopiesTest {
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  @TempDir Path dir;

  @Test
  void oneEntityFromYamlToRestAnswers() throws Exception {
    JsonTraffic.install();
    Path file = dir.resolve("catalog-info.yaml");
    Files.writeString(file, """
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata:
          name: watched-service
          description: The entity whose JSON is counted
          tags: [java, web]
          annotations:
            example.com/team-channel: "#watched"
          links:
            - url: https://example.com/watched
              title: Dashboard
        spec:
          type: service
          lifecycle: production
          owner: team-a
          system: shop
          dependsOn: [resource:db, component:auth]
          providesApis: [watched-api]
        """);
    JsonTraffic.watch("Component", "watched-service");
    JdbcEntityStore store = JdbcEntityStore.h2InMemory("copies-" + UUID.randomUUID());
    CatalogEngine engine =
        CatalogEngine.builder()
            .store(store)
            .state(JdbcProcessingState.create(store.dataSource()))
            .rules(CatalogRules.allowAll())
            .processingDisabled()
            .location("file", file.toString())
            .build();
    try (engine;
        BackendServer server =
            BackendServer.builder().host("127.0.0.1").port(0).catalog(engine).build().start()) {
      engine.start();
      assertThat(engine.awaitIdle(Duration.ofMinutes(2))).isTrue();
      URI base = server.baseUrl();
      String byName = "/api/catalog/entities/by-name/component/default/watched-service";
      request(base, byName, "4 getByName (cold)");
      request(base, byName, "5 getByName (cached)");
      request(base, "/api/catalog/entities/by-query?filter=kind%3Dcomponent", "6 by-query page");
      request(base, "/api/catalog/entities", "7 entities (unpaged)");
      JsonTraffic.phase("");
      String sites = print();
      assertThat(JsonTraffic.count(JsonTraffic.READ, Op.PARSE)).as(sites).isEqualTo(1);
      assertThat(JsonTraffic.count(JsonTraffic.READ, Op.DEEP_COPY)).as(sites).isLessThanOrEqualTo(1);
      for (Op op : Op.values()) {
        // Validation and the processors read the entity they are handed; answers without a
        // projection write the stored text as it is.
        assertThat(JsonTraffic.count(JsonTraffic.PROCESS, op)).as(op + sites).isZero();
        for (String answer : List.of(
            "4 getByName (cold)", "5 getByName (cached)", "6 by-query page", "7 entities (unpaged)")) {
          assertThat(JsonTraffic.count(answer, op)).as(answer + " " + op + sites).isZero();
        }
      }
      int copies = 0;
      int parses = 0;
      for (int[] c : JsonTraffic.byStage().values()) {
        parses += c[Op.PARSE.ordinal()];
        copies += c[Op.DEEP_COPY.ordinal()];
      }
      assertThat(parses).as(sites).isLessThanOrEqualTo(3);
      assertThat(copies).as(sites).isLessThanOrEqualTo(2);
    } finally {
      JsonTraffic.stop();
    }
  }

  private static void request(URI base, String path, String phase)
      throws IOException, InterruptedException {
    JsonTraffic.phase(phase);
    HttpResponse<String> r =
        CLIENT.send(HttpRequest.newBuilder(base.resolve(path)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).contains("\"name\":\"watched-service\"");
  }

  private static String print() {
    StringBuilder sb = new StringBuilder("\n| stage | parses | serialisations | deep copies |\n");
    sb.append("|---|---|---|---|\n");
    int[] total = new int[3];
    for (Map.Entry<String, int[]> e : JsonTraffic.byStage().entrySet()) {
      int[] c = e.getValue();
      sb.append("| ").append(e.getKey()).append(" | ").append(c[0]).append(" | ").append(c[1])
          .append(" | ").append(c[2]).append(" |\n");
      for (int i = 0; i < 3; i++) {
        total[i] += c[i];
      }
    }
    sb.append("| total | ").append(total[0]).append(" | ").append(total[1]).append(" | ")
        .append(total[2]).append(" |\n\nCall sites:\n");
    List<String> sites = JsonTraffic.sites();
    sites.forEach(s -> sb.append("  ").append(s).append('\n'));
    System.out.println(sb);
    return sb.toString();
  }
}
