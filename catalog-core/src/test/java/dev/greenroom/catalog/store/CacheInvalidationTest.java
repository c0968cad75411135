package dev.greenroom.catalog.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.Catalog;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.store.memory.MemoryEntityStore;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Two catalogs over one store, as two hosts over one database: what one writes, the other's cache
 * serves stale until it is told ({@link Catalog#invalidateCache}).
 */
class CacheInvalidationTest {
  static Entity component(String description) {
    return Entity.fromJson("{\"apiVersion\":\"backstage.io/v1alpha1\",\"kind\":\"Component\","
        + "\"metadata\":{\"name\":\"svc\",\"description\":\"" + description + "\"},"
        + "\"spec\":{\"type\":\"service\",\"lifecycle\":\"production\",\"owner\":\"team-a\"}}");
  }

  static String description(Catalog c) {
    return c.entity(EntityRef.parse("component:default/svc")).orElseThrow().metadata().description();
  }

  @Test
  void anotherWritersChangeShowsOnceInvalidated() {
    MemoryEntityStore shared = new MemoryEntityStore();
    Catalog a = Catalog.builder().store(shared).build();
    Catalog b = Catalog.builder().store(shared).build();
    a.upsert(List.of(component("first")));
    assertThat(description(b)).isEqualTo("first"); // now cached in b
    a.upsert(List.of(component("second")));
    assertThat(description(b)).isEqualTo("first");
    b.invalidateCache(List.of(EntityRef.parse("component:default/svc")));
    assertThat(description(b)).isEqualTo("second");
    a.upsert(List.of(component("third")));
    b.invalidateCache();
    assertThat(description(b)).isEqualTo("third");
    assertThat(b.entities(List.of(EntityRef.parse("component:default/svc"))).get(0).metadata()
        .description()).isEqualTo("third");
  }
}
