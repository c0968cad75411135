package dev.greenroom.examples;

import dev.greenroom.catalog.Catalog;
import dev.greenroom.catalog.graph.CatalogGraph;
import dev.greenroom.catalog.graph.GraphWalk;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.query.EntityFilters;
import dev.greenroom.catalog.query.EntityPage;
import dev.greenroom.catalog.query.EntityPredicate;
import dev.greenroom.catalog.query.EntityQuery;
import dev.greenroom.catalog.query.FacetCount;
import dev.greenroom.catalog.query.SortField;
import dev.greenroom.catalog.store.EntityStore;
import dev.greenroom.catalog.store.jdbc.JdbcEntityStore;
import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.catalog.processing.CatalogEvent;
import dev.greenroom.catalog.processing.location.CatalogRules;
import dev.greenroom.catalog.processing.state.MemoryProcessingState;
import dev.greenroom.catalog.processing.state.ProcessingStateStore;
import dev.greenroom.catalog.processing.state.jdbc.JdbcProcessingState;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;

/**
 * A plain Java host that embeds the catalog: it gives the processing engine the two root Location
 * files of Backstage's example catalog, lets it read, validate and relate every entity they lead
 * to (as Backstage's catalog backend does), stores the final entities in an embedded H2 database,
 * and queries them.
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
    System.out.printf("%nDone: %d entities stored, %d failed processing.%n",
        report.stored(), report.failed());
  }

  /**
   * What a run loaded.
   *
   * @param files YAML files in the folder
   * @param stored final entities in the store afterwards (Location entities included)
   * @param failed entities whose processing failed (invalid, or a placeholder that could not be
   *     read); each is printed with its error
   */
  public record Report(int files, long stored, int failed) {}

  /** Ingests {@code catalogDir} into {@code store} and prints what a few queries answer. */
  public static Report run(Path catalogDir, EntityStore store, PrintStream out)
      throws IOException {
    int files;
    try (Stream<Path> walk = Files.walk(catalogDir)) {
      files = (int) walk.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).count();
    }
    Map<EntityRef, String> failures = new ConcurrentSkipListMap<>();
    ProcessingStateStore state = store instanceof JdbcEntityStore jdbc
        ? JdbcProcessingState.create(jdbc.dataSource())
        : new MemoryProcessingState();
    try (CatalogEngine engine = CatalogEngine.builder()
        .store(store)
        .state(state)
        // Backstage's example catalog has two roots: all.yaml (every kind but people) and the org
        .location("file", catalogDir.resolve("all.yaml").toString())
        .location("file", catalogDir.resolve("acme/org.yaml").toString())
        .rules(CatalogRules.allowAll())
        .listener(event -> {
          if (event instanceof CatalogEvent.ProcessingFailed f) {
            failures.put(f.ref(), f.errors().get(0).toString());
          }
        })
        .processingDisabled()
        .build()) {
      engine.start();
      engine.awaitIdle(Duration.ofMinutes(5));
      failures.forEach((ref, error) -> out.println("failed: " + ref + ": " + error));
      Catalog catalog = engine.catalog();
      out.printf("%nProcessed %d files: %d entities stored, %d failed.%n",
          files, catalog.store().size(), failures.size());

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
      return new Report(files, catalog.store().size(), failures.size());
    }
  }

  static Path extractSample(Path target) throws IOException {
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
