package dev.greenroom.spring.boot;

import dev.greenroom.catalog.Catalog;
import dev.greenroom.catalog.query.EntityPredicate;
import dev.greenroom.catalog.query.FacetCount;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;

/**
 * {@code greenroom} under {@code /actuator/info}: the catalog's entity counts by kind ({@code
 * {"greenroom": {"entities": {"Component": 12, "API": 3}}}}), read from the store's facets.
 */
public final class GreenroomInfoContributor implements InfoContributor {
  private final Catalog catalog;

  /** Counts of {@code catalog}. */
  public GreenroomInfoContributor(Catalog catalog) {
    this.catalog = Objects.requireNonNull(catalog);
  }

  @Override
  public void contribute(Info.Builder builder) {
    Map<String, Object> byKind = new LinkedHashMap<>();
    List<FacetCount> kinds =
        catalog.facets(List.of("kind"), EntityPredicate.matchAll()).getOrDefault("kind", List.of());
    for (FacetCount f : kinds) {
      byKind.put(f.value(), f.count());
    }
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("entities", byKind);
    builder.withDetail("greenroom", info);
  }
}
