package dev.greenroom.examples;

import dev.greenroom.catalog.Catalog;
import dev.greenroom.catalog.graph.CatalogGraph;
import dev.greenroom.catalog.graph.GraphWalk;
import dev.greenroom.catalog.io.CatalogReadException;
import dev.greenroom.catalog.io.EntityYamlReader;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.query.EntityFilters;
import dev.greenroom.catalog.query.EntityPage;
import dev.greenroom.catalog.query.EntityPredicate;
import dev.greenroom.catalog.query.EntityQuery;
import dev.greenroom.catalog.query.FacetCount;
import dev.greenroom.catalog.query.SortField;
import dev.greenroom.catalog.store.EntityStore;
import dev.greenroom.catalog.store.jdbc.JdbcEntityStore;
import dev.greenroom.catalog.validation.EntityValidator;
import dev.greenroom.catalog.validation.ValidationResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A plain Java host that embeds the catalog: it reads every YAML file of a folder, validates each
 * document with Backstage's rules, stores the valid entities in an embedded H2 database, and
 * queries them.
 *
 * <p>Run: {@code java -jar examples/target/greenroom-example.jar [CATALOG_DIR]}. Without a folder
 * it uses the bundled sample (Backstage's example catalog, Apache-2.0). Data lives in {@code
 * ./data}.
 */
public final class LoadAndQuery {
  private LoadAndQuery() {}

  /** Entry point. */
  public static void main(String[] args) throws IOException {
    Path data = Path.of("data");
    Path catalogDir = args.length > 0 ? Path.of(args[0]) : extractSample(data.resolve("sample-catalog"));
    Report report = run(catalogDir, JdbcEntityStore.h2File(data.resolve("greenroom")), System.out);
    System.out.printf("%nDone: %d valid, %d invalid documents.%n", report.valid(), report.invalid());
  }

  /**
   * What a run loaded.
   *
   * @param files YAML files read
   * @param valid valid entity documents
   * @param invalid invalid documents (or unreadable files)
   * @param stored entities in the store afterwards
   */
  public record Report(int files, int valid, int invalid, long stored) {}

  /** Loads {@code catalogDir} into {@code store} and prints what a few queries answer. */
  public static Report run(Path catalogDir, EntityStore store, PrintStream out)
      throws IOException {
    EntityYamlReader reader = EntityYamlReader.create();
    EntityValidator validator = EntityValidator.create();
    List<Entity> entities = new ArrayList<>();
    int files = 0;
    int invalid = 0;
    List<Path> yamlFiles;
    try (Stream<Path> walk = Files.walk(catalogDir)) {
      yamlFiles =
          walk.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
    }
    for (Path file : yamlFiles) {
      files++;
      try {
        for (ValidationResult r : validator.validateFile(file, reader)) {
          if (r.isValid()) {
            entities.add(r.entity());
          } else {
            invalid++;
            out.println("skipped: " + r.problems().get(0));
          }
        }
      } catch (CatalogReadException e) {
        invalid++;
        out.println("unreadable: " + e.getMessage());
      }
    }

    try (Catalog catalog = Catalog.builder().store(store).build()) {
      catalog.upsert(entities);
      out.printf("%nLoaded %d entities from %d files into the store (%d stored).%n",
          entities.size(), files, catalog.store().size());

      Map<String, List<FacetCount>> facets = catalog.facets(List.of("kind"), EntityPredicate.matchAll());
      out.println("\nEntities by kind:");
      facets.get("kind").forEach(f -> out.printf("  %-10s %d%n", f.value(), f.count()));

      EntityPage services =
          catalog.query(
              EntityQuery.of(EntityFilters.parseLegacy(List.of("kind=component,spec.type=service")))
                  .withOrder(SortField.asc("metadata.name")));
      out.printf("%nServices (%d):%n", services.totalItems());
      services.items().forEach(s -> out.println("  " + s.path("metadata").path("name").asString()
          + "  owned by " + s.path("spec").path("owner").asString()));

      EntityPage ownedByTeamA =
          catalog.query(EntityQuery.of(EntityFilters.parseLegacy(List.of("relations.ownedBy=group:default/team-a"))));
      out.printf("%nOwned by group:default/team-a: %d entities%n", ownedByTeamA.totalItems());

      CatalogGraph graph = CatalogGraph.over(catalog.store());
      EntityRef root = EntityRef.parse("component:default/artist-lookup");
      if (catalog.entity(root).isPresent()) {
        GraphWalk deps = graph.dependencies(root);
        out.printf("%nTransitive dependencies of %s: %s%n", root, deps.nodes());
      }
      return new Report(files, entities.size(), invalid, catalog.store().size());
    }
  }

  private static Path extractSample(Path target) throws IOException {
    try (InputStream index = resource("index.txt")) {
      for (String name : new String(index.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (name.isBlank()) {
          continue;
        }
        Path file = target.resolve(name);
        Files.createDirectories(file.getParent());
        try (InputStream in = resource(name)) {
          Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    return target;
  }

  private static InputStream resource(String name) throws IOException {
    InputStream in = LoadAndQuery.class.getResourceAsStream("/sample-catalog/" + name);
    if (in == null) {
      throw new IOException("missing bundled resource sample-catalog/" + name);
    }
    return in;
  }
}
