package dev.greenroom.catalog.gitlab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.model.Relation;
import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.catalog.processing.location.CatalogRules;
import dev.greenroom.catalog.processing.state.jdbc.JdbcProcessingState;
import dev.greenroom.catalog.query.EntityPredicate;
import dev.greenroom.catalog.store.jdbc.JdbcEntityStore;
import dev.greenroom.integrations.ScmIntegrations;
import dev.greenroom.testsupport.PgSchema;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The providers' entities in durable stores (an H2 file, and PostgreSQL named by {@code
 * greenroom.test.pg.url}, in a schema of the test's own): they survive a failing refresh and a
 * restart, and a new engine's first refresh takes them over without conflicts.
 */
class GitlabProvidersOnDatabasesTest {
  GitlabWorld world;
  @TempDir Path dir;

  @BeforeEach
  void start() throws Exception {
    world = new GitlabWorld();
  }

  @AfterEach
  void stop() {
    world.close();
  }

  @Test
  void onH2() {
    Path file = dir.resolve("catalog");
    runAcrossARestart(() -> JdbcEntityStore.h2File(file));
  }

  @Test
  void onPostgres() {
    try (PgSchema schema = PgSchema.create("gr_gitlab_test")) {
      runAcrossARestart(() -> JdbcEntityStore.postgres(schema.url()));
    }
  }

  void runAcrossARestart(Supplier<JdbcEntityStore> stores) {
    ScmIntegrations scm = world.integrations(GitlabWorld.TOKEN);
    try (CatalogEngine engine = engine(stores.get(), scm)) {
      engine.start();
      GitlabProviders providers = built; // the providers this engine connected
      providers.discoveryProviders().get(0).refresh();
      providers.orgProviders().get(0).refresh();
      assertThat(engine.awaitIdle(Duration.ofMinutes(1))).isTrue();
      awaitCatalog(engine);

      world.gitlab.failWith(500);
      assertThatThrownBy(() -> providers.discoveryProviders().get(0).refresh()).hasMessageContaining("500");
      assertThatThrownBy(() -> providers.orgProviders().get(0).refresh()).hasMessageContaining("500");
      world.gitlab.failWith(0);
      assertThat(engine.awaitIdle(Duration.ofMinutes(1))).isTrue();
      awaitCatalog(engine);
    }
    // a restart: the stored entities are there before any refresh, and the refresh keeps them
    try (CatalogEngine engine = engine(stores.get(), scm)) {
      engine.start();
      assertThat(engine.awaitIdle(Duration.ofMinutes(1))).isTrue();
      awaitCatalog(engine);
      GitlabProviders providers = built; // the providers this engine connected
      providers.discoveryProviders().get(0).refresh();
      providers.orgProviders().get(0).refresh();
      assertThat(engine.awaitIdle(Duration.ofMinutes(1))).isTrue();
      awaitCatalog(engine);
    }
  }

  /** The providers the last engine was built with (and connected). */
  private GitlabProviders built;

  CatalogEngine engine(JdbcEntityStore store, ScmIntegrations scm) {
    built = GitlabProviders.builder().config(world.providerConfig("\"orgEnabled\":true,\"skipForkedRepos\":true"))
        .integrations(scm).build();
    CatalogEngine.Builder b = CatalogEngine.builder().store(store)
        .state(JdbcProcessingState.create(store.dataSource()))
        .rules(CatalogRules.allowAll()).urlReader(scm.urlReader())
        .processingInterval(Duration.ofHours(1));
    built.providers().forEach(b::provider);
    return b.build();
  }

  /**
   * {@link #assertCatalog}, retried for up to 60 s: on PostgreSQL under load, {@code awaitIdle}
   * once returned before the provider's Locations were processed (seen once in six full builds;
   * the cause is not found yet, see the stop's closing note), so the check waits for the catalog
   * instead of failing at the first look.
   */
  static void awaitCatalog(CatalogEngine engine) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      try {
        assertCatalog(engine);
        return;
      } catch (AssertionError e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        engine.awaitIdle(Duration.ofSeconds(5));
        try {
          Thread.sleep(200);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  static void assertCatalog(CatalogEngine engine) {
    List<String> locations = new ArrayList<>();
    engine.catalog().forEach(EntityPredicate.eq("kind", "location"), null,
        e -> locations.add(e.spec().path("target").asString()));
    assertThat(locations).hasSize(2);
    assertThat(engine.catalog().entity(EntityRef.parse("component:default/service-a"))).isPresent();
    assertThat(engine.catalog().entity(EntityRef.parse("component:default/service-b"))).isPresent();
    assertThat(engine.catalog().entity(EntityRef.parse("user:default/alice")).orElseThrow().relations())
        .contains(new Relation("memberOf", EntityRef.parse("group:default/platform")));
    assertThat(engine.catalog().entity(EntityRef.parse("group:default/platform-web")).orElseThrow().relations())
        .contains(new Relation("childOf", EntityRef.parse("group:default/platform")),
            new Relation("hasMember", EntityRef.parse("user:default/bob")));
  }
}
