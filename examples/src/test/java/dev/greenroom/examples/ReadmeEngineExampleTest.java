package dev.greenroom.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.catalog.processing.CatalogEvent;
import dev.greenroom.catalog.processing.location.CatalogRules;
import dev.greenroom.catalog.processing.location.HttpUrlReader;
import dev.greenroom.catalog.processing.state.jdbc.JdbcProcessingState;
import dev.greenroom.catalog.store.jdbc.JdbcEntityStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's engine snippet, line for line, so that it keeps compiling and working. */
class ReadmeEngineExampleTest {
  @TempDir Path dir;

  @Test
  void theEngineSnippetRuns() throws Exception {
    Files.createDirectories(dir.resolve("catalog"));
    Files.writeString(dir.resolve("catalog/all.yaml"), """
        apiVersion: backstage.io/v1alpha1
        kind: Location
        metadata:
          name: all
        spec:
          targets: [./petstore.yaml]
        """);
    Files.writeString(dir.resolve("catalog/petstore.yaml"), """
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata:
          name: petstore
        spec:
          type: service
          lifecycle: production
          owner: team-a
        """);
    List<CatalogEvent> events = new CopyOnWriteArrayList<>();
    Optional<Entity> petstore;

    // --- README: "Processing a catalog" (paths adjusted to the temp folder) ---
    JdbcEntityStore store = JdbcEntityStore.h2File(dir.resolve("data/catalog"));
    try (CatalogEngine engine = CatalogEngine.builder()
        .store(store)
        .state(JdbcProcessingState.create(store.dataSource()))
        .location("file", dir.resolve("catalog/all.yaml").toString())
        .rules(CatalogRules.allowKinds("Component", "API", "System", "Group", "User", "Location"))
        .urlReader(HttpUrlReader.builder().allow("github.com").build())
        .listener(events::add)
        .build()) {
      engine.start();
      engine.awaitIdle(Duration.ofMinutes(1));
      petstore = engine.catalog().entity(EntityRef.parse("component:default/petstore"));
    }
    // --- end of README snippet ---

    assertThat(petstore).hasValueSatisfying(e -> {
      assertThat(e.relations()).extracting(r -> r.type() + " " + r.targetRef())
          .containsExactly("ownedBy group:default/team-a");
      assertThat(e.metadata().annotation("backstage.io/managed-by-location"))
          .endsWith("catalog/petstore.yaml");
    });
    assertThat(events).anyMatch(ev -> ev instanceof CatalogEvent.EntityAdded a
        && a.ref().equals(EntityRef.parse("component:default/petstore")));
  }
}
