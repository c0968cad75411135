package dev.greenroom.catalog.processing.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.catalog.processing.DeferredEntity;
import dev.greenroom.catalog.processing.EntityMutation;
import dev.greenroom.catalog.processing.location.CatalogRules;
import dev.greenroom.catalog.processing.state.jdbc.JdbcProcessingState;
import dev.greenroom.catalog.query.EntityPredicate;
import dev.greenroom.catalog.store.jdbc.JdbcEntityStore;
import dev.greenroom.testsupport.PgSchema;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Two hosts share one database, each engine with its own entity cache: host A processes, host B
 * only serves (processing disabled, as {@code catalog.processingInterval: false}). What A's
 * engine stitches, B's cache forgets through the store's change log within B's check interval,
 * with no event broker between them. On PostgreSQL and on one H2 database opened twice.
 */
class SharedCacheEnginesTest {
  static final PgSchema SCHEMA = new PgSchema("gr_shared_cache_engines_test");
  static final EntityRef TEAM = EntityRef.parse("group:default/team-a");

  @AfterAll
  static void drop() {
    SCHEMA.drop();
  }

  static DeferredEntity team(String description) {
    return new DeferredEntity(Entity.fromJson("{\"apiVersion\":\"backstage.io/v1alpha1\","
        + "\"kind\":\"Group\",\"metadata\":{\"name\":\"team-a\",\"description\":\""
        + description + "\",\"annotations\":{"
        + "\"backstage.io/managed-by-location\":\"org:chart\","
        + "\"backstage.io/managed-by-origin-location\":\"org:chart\"}},"
        + "\"spec\":{\"type\":\"team\",\"children\":[]}}"), "org:chart");
  }

  static CatalogEngine engine(JdbcEntityStore store, String id, EngineThreadsTest.Provider p) {
    return CatalogEngine.builder()
        .store(store)
        .state(JdbcProcessingState.create(store.dataSource()))
        .instanceId(id)
        .rules(CatalogRules.allowKinds("Group", "Location"))
        .provider(p) // both hosts configure the same provider (else B deletes A's entities)
        .processingInterval(Duration.ofHours(1))
        .pollInterval(Duration.ofMillis(50))
        .bulkLoad(false)
        .entityCache(1_000, Duration.ofHours(1)) // the ttl cannot be what refreshes B
        .entityCacheCheckInterval(Duration.ofMillis(200))
        .build();
  }

  static String description(CatalogEngine e) {
    return e.catalog().entity(TEAM).map(x -> x.metadata().description()).orElse(null);
  }

  static boolean eventually(CatalogEngine e, String description) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      if (description.equals(description(e))) {
        return true;
      }
      Thread.sleep(20);
    }
    return false;
  }

  @Test
  void whatOneHostStitchesTheOtherServesOnPostgres() throws Exception {
    SCHEMA.recreate();
    whatOneHostStitchesTheOtherServes(() -> JdbcEntityStore.postgres(SCHEMA.url()));
  }

  @Test
  void whatOneHostStitchesTheOtherServesOnH2() throws Exception {
    String name = "shared-cache-engines-" + UUID.randomUUID();
    whatOneHostStitchesTheOtherServes(() -> JdbcEntityStore.h2InMemory(name));
  }

  void whatOneHostStitchesTheOtherServes(Supplier<JdbcEntityStore> stores) throws Exception {
    EngineThreadsTest.Provider pa = new EngineThreadsTest.Provider();
    try (CatalogEngine a = engine(stores.get(), "host-a", pa)) {
      a.start();
      pa.connection.get().applyMutation(EntityMutation.full(List.of(team("first"))));
      assertThat(a.awaitIdle(Duration.ofSeconds(30))).isTrue();
      assertThat(description(a)).isEqualTo("first");
      try (CatalogEngine b = CatalogEngine.builder()
          .store(stores.get())
          .instanceId("host-b")
          .processingDisabled()
          .entityCache(1_000, Duration.ofHours(1))
          .entityCacheCheckInterval(Duration.ofMillis(200))
          .build()) {
        assertThat(description(b)).isEqualTo("first"); // in B's cache from now on
        assertThat(b.catalog().count(EntityPredicate.matchAll())).isEqualTo(1);

        pa.connection.get().applyMutation(EntityMutation.full(List.of(team("second"))));
        assertThat(a.awaitIdle(Duration.ofSeconds(30))).isTrue();
        assertThat(description(a)).isEqualTo("second");
        assertThat(eventually(b, "second")).as("B serves A's write").isTrue();

        pa.connection.get().applyMutation(EntityMutation.full(List.of()));
        assertThat(a.awaitIdle(Duration.ofSeconds(30))).isTrue();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (description(b) != null && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        assertThat(description(b)).as("B forgets what A removed").isNull();
        assertThat(b.catalog().count(EntityPredicate.matchAll())).isZero();
      }
    }
  }
}
