package dev.greenroom.examples.springboot;

import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.catalog.query.EntityPredicate;
import dev.greenroom.catalog.query.FacetCount;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The service's own endpoint beside Backstage's API: {@code GET /summary} answers the number of
 * entities by kind, read from the catalog bean the starter built.
 */
@RestController
public class CatalogSummaryController {
  private final CatalogEngine engine;

  /** A controller over the application's catalog. */
  public CatalogSummaryController(CatalogEngine engine) {
    this.engine = engine;
  }

  /** {@code {"service": "greenroom-example", "entities": {"API": 1, "Component": 2}}}. */
  @GetMapping("/summary")
  public Map<String, Object> summary() {
    Map<String, Long> byKind = new TreeMap<>();
    List<FacetCount> kinds = engine.catalog()
        .facets(List.of("kind"), EntityPredicate.matchAll())
        .getOrDefault("kind", List.of());
    kinds.forEach(f -> byKind.put(f.value(), f.count()));
    return Map.of("service", "greenroom-example", "entities", byKind);
  }
}
