package dev.greenroom.catalog.processing.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.model.StatusItem;
import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.catalog.processing.LocationSpec;
import dev.greenroom.catalog.processing.OrphanStrategy;
import dev.greenroom.catalog.processing.location.CatalogRules;
import dev.greenroom.catalog.processing.state.jdbc.JdbcProcessingState;
import dev.greenroom.catalog.store.jdbc.JdbcEntityStore;
import dev.greenroom.testsupport.PgSchema;
import dev.greenroom.testsupport.SettableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/**
 * The same catalog through engines on memory, H2 and PostgreSQL stores gives the same final
 * entities: orphan mark, processing errors in {@code status.items}, rejected {@code javascript:}
 * URLs, relations. Uids are the ids of each engine's own processing state (random, so they and the
 * etags that hash them are compared to the state, not across engines).
 */
class StitchingOnEveryStoreTest {
  static final PgSchema SCHEMA = new PgSchema("gr_stitch_every_store_test");

  @TempDir Path dir;
  final SettableClock clock = new SettableClock();
  final Map<String, CatalogEngine> engines = new LinkedHashMap<>();

  @AfterEach
  void close() {
    engines.values().forEach(CatalogEngine::close);
    SCHEMA.drop();
  }

  CatalogEngine engine(CatalogEngine.Builder withStores, Path root) {
    return withStores
        .rules(CatalogRules.allowKinds("Component", "Group", "Location"))
        .clock(clock)
        .orphanStrategy(OrphanStrategy.KEEP)
        .processingDisabled()
        .location("file", root.toString())
        .build();
  }

  void settleAll() {
    for (CatalogEngine e : engines.values()) {
      assertThat(e.awaitIdle(Duration.ofSeconds(60))).isTrue();
    }
  }

  /** Every engine's entities without uid and etag, which must be the same; checks the uids. */
  Map<EntityRef, Entity> sameEverywhere() {
    Map<String, Map<EntityRef, String>> bodies = new LinkedHashMap<>();
    Map<EntityRef, Entity> first = new TreeMap<>();
    engines.forEach((name, e) -> {
      Map<EntityRef, String> out = new TreeMap<>();
      for (Entity entity : TestCatalogs.all(e.catalog())) {
        assertThat(entity.metadata().uid()).as(name + " " + entity.ref())
            .isEqualTo(e.state().get(entity.ref()).orElseThrow().entityId());
        ObjectNode json = entity.toJson();
        ((ObjectNode) json.get("metadata")).remove(java.util.List.of("uid", "etag"));
        out.put(entity.ref(), json.toString());
        if (bodies.isEmpty()) {
          first.put(entity.ref(), entity);
        }
      }
      bodies.put(name, out);
    });
    Map<EntityRef, String> memory = bodies.get("memory");
    bodies.forEach((name, out) -> assertThat(out).as(name).isEqualTo(memory));
    return first;
  }

  @Test
  void enginesOnEveryStoreStitchTheSameEntities() {
    String a = "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: a\n"
        + "  annotations:\n    backstage.io/view-url: 'javascript:alert(1)'\n"
        + "spec:\n  type: service\n  lifecycle: production\n  owner: team-a\n";
    String team = EngineBehaviourTest.group("team-a");
    String b = EngineBehaviourTest.component("b", "team-a");
    Path root = TestCatalogs.write(dir.resolve("catalog.yaml"),
        a + "---\n" + team + "---\n" + b);
    engines.put("memory", engine(CatalogEngine.builder(), root));
    JdbcEntityStore h2 = JdbcEntityStore.h2InMemory("stitch-every-store");
    engines.put("h2", engine(CatalogEngine.builder().store(h2)
        .state(JdbcProcessingState.create(h2.dataSource())), root));
    SCHEMA.recreate();
    JdbcEntityStore pg = JdbcEntityStore.postgres(SCHEMA.url());
    engines.put("postgresql", engine(CatalogEngine.builder().store(pg)
        .state(JdbcProcessingState.create(pg.dataSource())), root));
    engines.values().forEach(CatalogEngine::start);
    settleAll();
    Map<EntityRef, Entity> got = sameEverywhere();
    assertThat(got.get(EntityRef.parse("component:default/a")).metadata()
        .annotation("backstage.io/view-url"))
        .isEqualTo("https://backstage.io/annotation-rejected-for-security-reasons");
    assertThat(got.get(EntityRef.parse("group:default/team-a")).relations()).hasSize(2);

    TestCatalogs.write(root, a + "---\n" + team); // b is dropped: an orphan
    clock.advance(Duration.ofMinutes(10));
    settleAll();
    got = sameEverywhere();
    assertThat(got.get(EntityRef.parse("component:default/b")).metadata()
        .annotation("backstage.io/orphan")).isEqualTo("true");

    TestCatalogs.write(root, "apiVersion: [unclosed\n"); // the root location fails to read
    clock.advance(Duration.ofMinutes(10));
    settleAll();
    got = sameEverywhere();
    EntityRef location = CatalogEngine.locationRef(LocationSpec.of("file", root.toString()));
    assertThat(got.get(location).statusItems()).extracting(StatusItem::type)
        .containsExactly(StatusItem.CATALOG_PROCESSING);
    assertThat(got.get(EntityRef.parse("component:default/a")).specString("owner"))
        .isEqualTo("team-a");
  }
}
