package dev.greenroom.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.Catalog;
import dev.greenroom.catalog.io.EntityYamlReader;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.query.EntityFilters;
import dev.greenroom.catalog.query.EntityPage;
import dev.greenroom.catalog.query.EntityQuery;
import dev.greenroom.catalog.store.jdbc.JdbcEntityStore;
import dev.greenroom.catalog.validation.EntityValidator;
import dev.greenroom.catalog.validation.ValidationResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's embedding snippet, line for line, so that it keeps compiling and working. */
class ReadmeExampleTest {
  @TempDir Path dir;

  @Test
  void theReadmeSnippetRuns() throws Exception {
    Path file = dir.resolve("catalog-info.yaml");
    Files.writeString(
        file,
        """
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata:
          name: petstore
        spec:
          type: service
          lifecycle: production
          owner: team-a
        ---
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata:
          name: -broken
        spec:
          type: service
          lifecycle: production
          owner: team-a
        """);
    EntityPage services;
    Optional<Entity> petstore;
    List<String> errors = new ArrayList<>();

    // --- README: "Embedding the catalog" (paths adjusted to the temp folder) ---
    EntityYamlReader reader = EntityYamlReader.create();
    EntityValidator validator = EntityValidator.create();
    List<Entity> valid = new ArrayList<>();
    for (ValidationResult r : validator.validateFile(file, reader)) {
      if (r.isValid()) valid.add(r.entity()); else errors.add(r.problems().get(0).toString());
    }
    try (Catalog catalog = Catalog.builder().store(JdbcEntityStore.h2File(dir.resolve("data/catalog"))).build()) {
      catalog.upsert(valid);
      services = catalog.query(EntityQuery.of(EntityFilters.parseLegacy(List.of("kind=component,spec.type=service"))));
      petstore = catalog.entity(EntityRef.parse("component:default/petstore"));
    }
    // --- end of README snippet ---

    assertThat(services.totalItems()).isEqualTo(1);
    assertThat(petstore).hasValueSatisfying(e -> assertThat(e.relations()).extracting(Object::toString)
        .containsExactly("Relation[type=ownedBy, targetRef=group:default/team-a]"));
    assertThat(errors).singleElement().asString()
        .contains("catalog-info.yaml:13", "(document 2, component:default/-broken)", "metadata.name");
  }
}
