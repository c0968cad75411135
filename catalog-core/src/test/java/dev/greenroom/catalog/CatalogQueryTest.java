package dev.greenroom.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.query.EntityFilters;
import dev.greenroom.catalog.query.EntityPage;
import dev.greenroom.catalog.query.EntityPredicate;
import dev.greenroom.catalog.query.EntityProjection;
import dev.greenroom.catalog.query.EntityQuery;
import dev.greenroom.catalog.query.FullTextFilter;
import dev.greenroom.catalog.query.SortField;
import dev.greenroom.catalog.store.EntityStore;
import dev.greenroom.catalog.store.jdbc.JdbcEntityStore;
import dev.greenroom.catalog.store.memory.MemoryEntityStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.node.ObjectNode;

/** Cursor paging, projections and the read cache through the Catalog facade, on two stores. */
class CatalogQueryTest {

  static Stream<Arguments> stores() {
    Supplier<EntityStore> memory = MemoryEntityStore::new;
    Supplier<EntityStore> h2 = () -> JdbcEntityStore.h2InMemory("q" + UUID.randomUUID());
    return Stream.of(Arguments.of("memory", memory), Arguments.of("h2", h2));
  }

  private static Catalog catalogOf(Supplier<EntityStore> store, int n) {
    Catalog catalog = Catalog.builder().store(store.get()).build();
    List<Entity> entities = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String type = i % 3 == 0 ? "service" : "website";
      String extra = i % 5 == 0 ? "" : ",\"system\":\"sys\"";
      entities.add(
          Entity.fromJson(
              String.format(
                  "{\"apiVersion\":\"backstage.io/v1alpha1\",\"kind\":\"Component\","
                      + "\"metadata\":{\"name\":\"c-%03d\",\"title\":\"T%d\"},"
                      + "\"spec\":{\"type\":\"%s\",\"lifecycle\":\"production\",\"owner\":\"team-%d\"%s}}",
                  i, i % 7, type, i % 4, extra)));
    }
    catalog.upsert(entities);
    return catalog;
  }

  private static List<String> names(EntityPage page) {
    return page.items().stream().map(o -> o.path("metadata").path("name").asString()).toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void pagesForwardAndBackwardWithoutGapsOrDuplicates(String name, Supplier<EntityStore> store) {
    try (Catalog catalog = catalogOf(store, 47)) {
      EntityQuery q =
          EntityQuery.of(EntityFilters.parseLegacy(List.of("kind=component")))
              .withOrder(SortField.desc("metadata.title"))
              .withLimit(10);
      EntityPage page = catalog.query(q);
      assertThat(page.totalItems()).isEqualTo(47);
      assertThat(page.prevCursor()).isNull();
      List<List<String>> forward = new ArrayList<>();
      List<String> cursors = new ArrayList<>();
      forward.add(names(page));
      while (page.nextCursor() != null) {
        cursors.add(page.nextCursor());
        page = catalog.query(page.nextCursor(), 10, EntityProjection.all());
        assertThat(page.totalItems()).isEqualTo(47);
        assertThat(page.prevCursor()).isNotNull();
        forward.add(names(page));
      }
      List<String> all = forward.stream().flatMap(List::stream).toList();
      assertThat(all).hasSize(47).doesNotHaveDuplicates();
      List<String> sorted = catalog.list(
              EntityPredicate.matchAll(), List.of(SortField.desc("metadata.title")),
              EntityProjection.all(), 0, 100).stream()
          .map(o -> o.path("metadata").path("name").asString()).toList();
      assertThat(all).isEqualTo(sorted);

      // and back again from the last page
      List<List<String>> backward = new ArrayList<>();
      while (page.prevCursor() != null) {
        page = catalog.query(page.prevCursor(), 10, EntityProjection.all());
        backward.add(0, names(page));
      }
      assertThat(backward).isEqualTo(forward.subList(0, forward.size() - 1));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void sortFieldExcludesEntitiesWithoutIt(String name, Supplier<EntityStore> store) {
    try (Catalog catalog = catalogOf(store, 20)) {
      EntityPage page =
          catalog.query(EntityQuery.of(EntityPredicate.matchAll()).withOrder(SortField.asc("spec.system")));
      assertThat(page.totalItems()).isEqualTo(16);
      assertThat(page.items()).hasSize(16);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void fullTextSearchesTheGivenFieldsOrTheSortField(String name, Supplier<EntityStore> store) {
    try (Catalog catalog = catalogOf(store, 30)) {
      EntityPage page =
          catalog.query(
              EntityQuery.of(EntityPredicate.matchAll())
                  .withFullText(new FullTextFilter(" C-01 ", List.of("metadata.name"))));
      assertThat(names(page)).containsExactly("c-010", "c-011", "c-012", "c-013", "c-014",
          "c-015", "c-016", "c-017", "c-018", "c-019");
      EntityPage bySort =
          catalog.query(
              EntityQuery.of(EntityPredicate.matchAll())
                  .withOrder(SortField.asc("metadata.title"))
                  .withFullText(new FullTextFilter("t6", List.of())));
      assertThat(bySort.items()).allSatisfy(o -> assertThat(o.path("metadata").path("title").asString()).isEqualTo("T6"));
      assertThat(bySort.totalItems()).isEqualTo(4);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void cursorsCarryQueryOnlyForPredicates(String name, Supplier<EntityStore> store) {
    try (Catalog catalog = catalogOf(store, 5)) {
      EntityQuery legacy =
          new EntityQuery(EntityFilters.parseLegacy(List.of("kind=component")), false, null, null,
              EntityProjection.all(), 2, 0, false);
      String cursor = catalog.query(legacy).nextCursor();
      assertThat(decode(cursor)).doesNotContainKey("query").containsKey("filter");
      EntityQuery fromPredicate = EntityQuery.of(EntityPredicate.matchAll()).withLimit(2);
      assertThat(decode(catalog.query(fromPredicate).nextCursor())).containsKey("query");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void limitZeroCountsButReturnsNothingAndTotalCanBeSkipped(String name, Supplier<EntityStore> store) {
    try (Catalog catalog = catalogOf(store, 9)) {
      EntityPage zero = catalog.query(EntityQuery.of(EntityPredicate.matchAll()).withLimit(0));
      assertThat(zero.items()).isEmpty();
      assertThat(zero.totalItems()).isEqualTo(9);
      assertThat(zero.nextCursor()).isNull();
      EntityPage noTotal = catalog.query(EntityQuery.of(EntityPredicate.matchAll()).withTotal(false));
      assertThat(noTotal.totalItems()).isZero();
      assertThat(noTotal.items()).hasSize(9);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void projectionAppliesToEveryPage(String name, Supplier<EntityStore> store) {
    try (Catalog catalog = catalogOf(store, 4)) {
      EntityPage page = catalog.query(
          EntityQuery.of(EntityPredicate.matchAll()).withLimit(2)
              .withProjection(EntityProjection.parse(List.of("metadata.name"))));
      assertThat(page.items()).allSatisfy(o -> assertThat(o.propertyNames()).containsExactly("metadata"));
      EntityPage next = catalog.query(page.nextCursor(), 2, EntityProjection.parse(List.of("kind")));
      assertThat(next.items()).allSatisfy(o -> assertThat(Json.write(o)).isEqualTo("{\"kind\":\"Component\"}"));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void cachedReadsSeeWrites(String name, Supplier<EntityStore> store) {
    try (Catalog catalog = catalogOf(store, 3)) {
      EntityRef ref = EntityRef.parse("component:default/c-001");
      Entity before = catalog.entity(ref).orElseThrow();
      assertThat(catalog.entity(ref)).containsSame(before);
      Entity changed = before.withoutOutputFields().edit(j -> ((ObjectNode) j.get("spec")).put("type", "library"));
      catalog.upsert(List.of(changed));
      Entity after = catalog.entity(ref).orElseThrow();
      assertThat(after.specString("type")).isEqualTo("library");
      assertThat(after.metadata().uid()).isEqualTo(before.metadata().uid());
      assertThat(after.metadata().etag()).isNotEqualTo(before.metadata().etag());
      catalog.remove(List.of(ref));
      assertThat(catalog.entity(ref)).isEmpty();
      assertThat(catalog.entities(List.of(ref, EntityRef.parse("component:default/C-002"))))
          .extracting(e -> e == null ? null : e.ref().toString())
          .containsExactly(null, "component:default/c-002");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void cachedFacetsAndCountsSeeWrites(String name, Supplier<EntityStore> store) {
    try (Catalog catalog = catalogOf(store, 6)) {
      EntityPredicate services = EntityFilters.parseLegacy(List.of("spec.type=service"));
      assertThat(catalog.facets(List.of("spec.type"), EntityPredicate.matchAll()).get("spec.type"))
          .extracting(f -> f.value() + "=" + f.count())
          .containsExactly("service=2", "website=4");
      assertThat(catalog.count(services)).isEqualTo(2);
      assertThat(catalog.query(EntityQuery.of(services)).totalItems()).isEqualTo(2);
      Entity c1 = catalog.entity(EntityRef.parse("component:default/c-001")).orElseThrow();
      catalog.upsert(List.of(c1.withoutOutputFields().edit(j -> ((ObjectNode) j.get("spec")).put("type", "service"))));
      assertThat(catalog.facets(List.of("spec.type"), EntityPredicate.matchAll()).get("spec.type"))
          .extracting(f -> f.value() + "=" + f.count())
          .containsExactly("service=3", "website=3");
      assertThat(catalog.count(services)).isEqualTo(3);
      assertThat(catalog.query(EntityQuery.of(services)).totalItems()).isEqualTo(3);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void streamsEverythingInPages(String name, Supplier<EntityStore> store) {
    try (Catalog catalog = catalogOf(store, 25)) {
      List<String> seen = new ArrayList<>();
      catalog.forEach(EntityPredicate.matchAll(), SortField.asc("metadata.name"), e -> seen.add(e.metadata().name()));
      assertThat(seen).hasSize(25).isSorted();
      assertThat(catalog.count(EntityFilters.parseLegacy(List.of("spec.type=service")))).isEqualTo(9);
    }
  }

  private static java.util.Map<String, Object> decode(String cursor) {
    String json = new String(Base64.getDecoder().decode(cursor), StandardCharsets.UTF_8);
    java.util.Map<String, Object> map = new java.util.LinkedHashMap<>();
    Json.parse(json).propertyNames().forEach(k -> map.put(k, true));
    return map;
  }
}
