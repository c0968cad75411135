package dev.greenroom.catalog.processing.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.catalog.processing.CatalogProcessor;
import dev.greenroom.catalog.processing.ProcessorContext;
import dev.greenroom.catalog.processing.location.CatalogRules;
import dev.greenroom.catalog.processing.state.jdbc.JdbcProcessingState;
import dev.greenroom.catalog.store.jdbc.JdbcEntityStore;
import dev.greenroom.testsupport.PgSchema;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two engines share one PostgreSQL database and one catalog: together they process every entity,
 * and no entity is ever processed by both at the same moment.
 */
class TwoEnginesOnPostgresTest {
  static final PgSchema SCHEMA = new PgSchema("gr_two_engines_test");
  static final int FILES = 20;
  static final int PER_FILE = 100;

  @TempDir Path dir;

  @AfterAll
  static void drop() {
    SCHEMA.drop();
  }

  /** Records who is processing what, and fails on overlap. */
  static final class Recorder implements CatalogProcessor {
    final String engine;
    final Map<EntityRef, String> active;
    final List<String> overlaps;
    final Map<EntityRef, Set<String>> processedBy;
    final AtomicInteger runs = new AtomicInteger();

    Recorder(String engine, Map<EntityRef, String> active, List<String> overlaps,
        Map<EntityRef, Set<String>> processedBy) {
      this.engine = engine;
      this.active = active;
      this.overlaps = overlaps;
      this.processedBy = processedBy;
    }

    @Override
    public String name() {
      return "recorder";
    }

    @Override
    public int priority() {
      return 0;
    }

    @Override
    public Entity preProcess(Entity entity, ProcessorContext context) throws Exception {
      String other = active.putIfAbsent(entity.ref(), engine);
      if (other != null) {
        overlaps.add(entity.ref() + " by " + engine + " while " + other);
      }
      runs.incrementAndGet();
      processedBy.computeIfAbsent(entity.ref(), k -> ConcurrentHashMap.newKeySet()).add(engine);
      Thread.sleep(1); // widen the window an overlap would need
      return entity;
    }

    @Override
    public Entity postProcess(Entity entity, ProcessorContext context) {
      active.remove(entity.ref(), engine);
      return entity;
    }
  }

  @Test
  void twoEnginesShareTheWorkWithoutOverlapOrLoss() {
    SCHEMA.recreate();
    String url = SCHEMA.url();

    List<String> targets = new ArrayList<>();
    for (int f = 0; f < FILES; f++) {
      StringBuilder sb = new StringBuilder(EngineBehaviourTest.group("team-" + f));
      for (int i = 0; i < PER_FILE - 1; i++) {
        sb.append("---\n").append(EngineBehaviourTest.component("c-" + f + "-" + i, "team-" + f));
      }
      TestCatalogs.write(dir.resolve("part-" + f + ".yaml"), sb.toString());
      targets.add("./part-" + f + ".yaml");
    }
    Path root = TestCatalogs.write(dir.resolve("root.yaml"),
        EngineBehaviourTest.location("root", targets.toArray(String[]::new)));
    int expected = FILES * PER_FILE + 2; // + the root Location and its generated parent

    Map<EntityRef, String> active = new ConcurrentHashMap<>();
    List<String> overlaps = new CopyOnWriteArrayList<>();
    Map<EntityRef, Set<String>> processedBy = new ConcurrentHashMap<>();
    List<CatalogEngine> engines = new ArrayList<>();
    List<Recorder> recorders = new ArrayList<>();
    try {
      for (String name : List.of("engine-a", "engine-b")) {
        JdbcEntityStore store = JdbcEntityStore.postgres(url);
        Recorder r = new Recorder(name, active, overlaps, processedBy);
        recorders.add(r);
        engines.add(CatalogEngine.builder()
            .store(store)
            .state(JdbcProcessingState.create(store.dataSource()))
            .instanceId(name)
            .processor(r)
            .rules(CatalogRules.allowKinds("Component", "Group", "Location"))
            .location("file", root.toString())
            .batchSize(25)
            .pollInterval(Duration.ofMillis(20))
            .build());
      }
      engines.forEach(CatalogEngine::start);
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (System.nanoTime() < deadline
          && engines.get(0).catalog().store().size() < expected) {
        sleep(50);
      }
      for (CatalogEngine e : engines) {
        assertThat(e.awaitIdle(Duration.ofMinutes(1))).isTrue();
      }

      assertThat(overlaps).isEmpty();
      assertThat(processedBy).hasSize(expected);
      for (CatalogEngine e : engines) {
        assertThat(e.catalog().store().size()).isEqualTo(expected);
      }
      Entity team = engines.get(1).catalog().entity(EntityRef.parse("group:default/team-7"))
          .orElseThrow();
      assertThat(team.relations()).hasSize(PER_FILE - 1);
      assertThat(recorders).allSatisfy(r -> assertThat(r.runs.get()).isPositive());
    } finally {
      engines.forEach(CatalogEngine::close);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
