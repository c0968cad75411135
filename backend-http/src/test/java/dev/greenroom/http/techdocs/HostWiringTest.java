package dev.greenroom.http.techdocs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.processing.location.HttpUrlReader;
import dev.greenroom.http.BackendServer;
import dev.greenroom.techdocs.TechDocs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The wiring shown in techdocs-core's README: a host builds every entity's docs at start-up. */
class HostWiringTest {
  @TempDir Path tmp;

  @Test
  void hostBuildsAllDocsAtStartAndServesThem() {
    try (DocsFixture fx = new DocsFixture(tmp, false)) {
      // --- README example start
      TechDocs techdocs = TechDocs.builder()
          .publishDirectory(tmp.resolve("techdocs"))
          .urlReader(HttpUrlReader.builder().allow("github.com").build())
          .build();
      BackendServer server = BackendServer.builder().port(0).catalog(fx.engine)
          .plugin(dev.greenroom.http.techdocs.TechDocsApiPlugin.of(techdocs, fx.engine.catalog()))
          .build().start();
      List<String> log = new ArrayList<>();
      TechDocs.SyncAllResult all = techdocs.syncAll(fx.engine.catalog(), log::add);
      // --- README example end
      try (server; techdocs) {
        assertThat(all.built()).containsExactlyInAnyOrder("component:default/documented-component", "component:default/demo");
        assertThat(all.failures()).containsOnlyKeys("component:default/escapes");
        assertThat(all.failures().get("component:default/escapes")).contains("outside its parent");
        assertThat(log).anyMatch(l -> l.startsWith("component:default/demo: Published "));

        var r = DocsFixture.CLIENT.send(
            java.net.http.HttpRequest.newBuilder(server.baseUrl().resolve("/api/techdocs/search?term=plantuml")).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
        JsonNode results = Json.mapper().readTree(r.body()).path("results");
        List<String> refs = new ArrayList<>();
        results.forEach(h -> refs.add(h.path("entityRef").asString()));
        assertThat(refs).contains("component:default/demo", "component:default/documented-component");
        assertThat(techdocs.syncAll(fx.engine.catalog(), l -> {}).upToDate()).hasSize(2);
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
