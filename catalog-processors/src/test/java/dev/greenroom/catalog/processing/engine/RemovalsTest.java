package dev.greenroom.catalog.processing.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.catalog.processing.EntityMutation;
import dev.greenroom.catalog.processing.EntityProvider;
import dev.greenroom.catalog.processing.EntityProviderConnection;
import dev.greenroom.catalog.processing.LocationNotFoundStrategy;
import dev.greenroom.catalog.processing.LocationSpec;
import dev.greenroom.catalog.processing.OrphanStrategy;
import dev.greenroom.catalog.processing.location.CatalogRules;
import dev.greenroom.catalog.processing.state.MemoryProcessingState;
import dev.greenroom.catalog.processing.state.ProcessingStateStore;
import dev.greenroom.catalog.store.EntityStore;
import dev.greenroom.catalog.store.memory.MemoryEntityStore;
import dev.greenroom.testsupport.SettableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Removals: entities of a provider that is no longer configured ({@code
 * catalog.orphanProviderStrategy}) and entities whose source file is gone ({@code
 * catalog.locationNotFoundStrategy}). In memory here; subclasses run the same on H2 and
 * PostgreSQL.
 */
class RemovalsTest {
  @TempDir Path dir;
  final SettableClock clock = new SettableClock();
  EntityStore store;
  ProcessingStateStore state;

  /** One catalog store and one processing state that several engines in a test share. */
  void openStores() {
    store = new MemoryEntityStore();
    state = new MemoryProcessingState();
  }

  @AfterEach
  void closeStores() {
    if (state != null) {
      state.close();
    }
    if (store != null) {
      store.close();
    }
  }

  CatalogEngine.Builder engine() {
    if (store == null) {
      openStores();
    }
    return CatalogEngine.builder()
        .store(store)
        .state(state)
        .closeStores(false)
        .rules(CatalogRules.allowKinds("Component", "Group", "Location"))
        .clock(clock)
        .processingDisabled();
  }

  static void settle(CatalogEngine e) {
    assertThat(e.awaitIdle(Duration.ofSeconds(30))).isTrue();
  }

  static EntityProvider provider(String name, AtomicReference<EntityProviderConnection> conn) {
    return new EntityProvider() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public void connect(EntityProviderConnection connection) {
        conn.set(connection);
      }
    };
  }

  static boolean has(CatalogEngine e, String ref) {
    return e.catalog().entity(EntityRef.parse(ref)).isPresent();
  }

  /** An engine that ran provider "org-chart" once, then closed; its teams stay in the stores. */
  void runOrgChartOnce() {
    AtomicReference<EntityProviderConnection> conn = new AtomicReference<>();
    try (CatalogEngine e = engine().provider(provider("org-chart", conn)).build()) {
      e.start();
      conn.get().applyMutation(EntityMutation.full(List.of(
          EngineBehaviourTest.provided("team-a"), EngineBehaviourTest.provided("team-b"))));
      settle(e);
      assertThat(has(e, "group:default/team-a")).isTrue();
    }
  }

  @Test
  void entitiesOfAProviderNoLongerConfiguredAreDeletedAtStart() {
    runOrgChartOnce();
    AtomicReference<EntityProviderConnection> other = new AtomicReference<>();
    try (CatalogEngine e = engine().provider(provider("another", other))
        .orphanProviderStrategy(OrphanStrategy.DELETE).build()) {
      e.start();
      settle(e);
      assertThat(has(e, "group:default/team-a")).isFalse();
      assertThat(has(e, "group:default/team-b")).isFalse();
      assertThat(e.state().sourceKeys()).doesNotContain("org-chart");
    }
  }

  @Test
  void deleteIsTheDefaultAsInBackstage() {
    runOrgChartOnce();
    try (CatalogEngine e = engine().build()) {
      e.start();
      settle(e);
      assertThat(has(e, "group:default/team-a")).isFalse();
    }
  }

  @Test
  void keepLeavesThemAndAConfiguredProviderKeepsItsOwn() {
    runOrgChartOnce();
    try (CatalogEngine e = engine().orphanProviderStrategy(OrphanStrategy.KEEP).build()) {
      e.start();
      settle(e);
      assertThat(has(e, "group:default/team-a")).isTrue();
    }
    AtomicReference<EntityProviderConnection> conn = new AtomicReference<>();
    try (CatalogEngine e = engine().provider(provider("org-chart", conn))
        .orphanProviderStrategy(OrphanStrategy.DELETE).build()) {
      e.start();
      settle(e);
      assertThat(has(e, "group:default/team-a")).isTrue();
      assertThat(has(e, "group:default/team-b")).isTrue();
    }
  }

  /** A configured Location file that reads {@code svc.yaml} beside it. */
  Path catalogWithOneFile() {
    Path svc = write(dir.resolve("svc.yaml"), EngineBehaviourTest.component("svc", "team-a"));
    assertThat(svc).exists();
    return write(dir.resolve("root.yaml"), EngineBehaviourTest.location("root", "./svc.yaml"));
  }

  static Path write(Path p, String text) {
    return TestCatalogs.write(p, text);
  }

  /** Deletes svc.yaml and refreshes the Location that reads it, then lets orphans be handled. */
  void removeSourceFile(CatalogEngine e) throws Exception {
    Files.delete(dir.resolve("svc.yaml"));
    assertThat(e.refresh(EntityRef.parse("location:default/root"))).isTrue();
    settle(e);
    clock.advance(Duration.ofMinutes(1)); // past the orphan period
    settle(e);
  }

  @Test
  void aGoneFileKeepsItsEntitiesByDefault() throws Exception {
    Path root = catalogWithOneFile();
    try (CatalogEngine e = engine().location("file", root.toString()).build()) {
      e.start();
      settle(e);
      assertThat(has(e, "component:default/svc")).isTrue();
      removeSourceFile(e);
      assertThat(has(e, "component:default/svc")).isTrue();
      assertThat(e.state().get(EntityRef.parse("location:default/root")).orElseThrow().errors())
          .singleElement().satisfies(err -> {
            assertThat(err.name()).isEqualTo("NotFoundError");
            assertThat(err.message()).contains("svc.yaml");
          });
    }
  }

  @Test
  void withLocationNotFoundDeleteAGoneFileTakesItsEntitiesAway() throws Exception {
    Path root = catalogWithOneFile();
    try (CatalogEngine e = engine().location("file", root.toString())
        .locationNotFoundStrategy(LocationNotFoundStrategy.DELETE).build()) {
      e.start();
      settle(e);
      assertThat(has(e, "component:default/svc")).isTrue();
      removeSourceFile(e);
      assertThat(has(e, "component:default/svc")).isFalse();
      assertThat(has(e, "location:default/root")).isTrue();
      assertThat(e.state().get(EntityRef.parse("location:default/root")).orElseThrow().errors())
          .isEmpty();
      // the file comes back: so do its entities
      write(dir.resolve("svc.yaml"), EngineBehaviourTest.component("svc", "team-a"));
      e.refresh(EntityRef.parse("location:default/root"));
      settle(e);
      assertThat(has(e, "component:default/svc")).isTrue();
    }
  }

  @Test
  void withOrphanStrategyKeepTheyStayMarkedAsOrphans() throws Exception {
    Path root = catalogWithOneFile();
    try (CatalogEngine e = engine().location("file", root.toString())
        .locationNotFoundStrategy(LocationNotFoundStrategy.DELETE)
        .orphanStrategy(OrphanStrategy.KEEP).build()) {
      e.start();
      settle(e);
      removeSourceFile(e);
      assertThat(e.catalog().entity(EntityRef.parse("component:default/svc")).orElseThrow()
          .metadata().annotation("backstage.io/orphan")).isEqualTo("true");
    }
  }

  @Test
  void otherErrorsStillKeepTheLastGoodData() throws Exception {
    Path root = catalogWithOneFile();
    try (CatalogEngine e = engine().location("file", root.toString())
        .locationNotFoundStrategy(LocationNotFoundStrategy.DELETE).build()) {
      e.start();
      settle(e);
      write(dir.resolve("svc.yaml"), "apiVersion: [unclosed\n");
      e.refresh(EntityRef.parse("location:default/root"));
      settle(e);
      clock.advance(Duration.ofMinutes(1));
      settle(e);
      assertThat(has(e, "component:default/svc")).isTrue();
    }
  }

  /** Reads locations of type {@code gone}: one Component while {@code present}, else throws. */
  static final class Vanishing implements dev.greenroom.catalog.processing.CatalogProcessor {
    volatile boolean present = true;

    @Override
    public String name() {
      return "Vanishing";
    }

    @Override
    public boolean readLocation(LocationSpec location,
        dev.greenroom.catalog.processing.ProcessorContext context) {
      if (!location.type().equals("gone")) {
        return false;
      }
      if (!present) {
        throw new dev.greenroom.catalog.processing.ProcessingException(
            dev.greenroom.catalog.processing.ProcessingError.notFound(location.target() + " is gone"));
      }
      context.emit(dev.greenroom.catalog.processing.ProcessingResult.entity(location,
          dev.greenroom.catalog.model.Entity.fromJson("{\"apiVersion\":\"backstage.io/v1alpha1\","
              + "\"kind\":\"Component\",\"metadata\":{\"name\":\"thrown\"},\"spec\":{"
              + "\"type\":\"service\",\"lifecycle\":\"production\",\"owner\":\"t\"}}")));
      return true;
    }
  }

  @Test
  void aProcessorThrowingNotFoundIsReadAsEmptyToo() {
    Vanishing p = new Vanishing();
    try (CatalogEngine e = engine().processor(p).allowedLocationTypes(List.of("url", "gone"))
        .location("gone", "somewhere")
        .locationNotFoundStrategy(LocationNotFoundStrategy.DELETE).build()) {
      e.start();
      settle(e);
      assertThat(has(e, "component:default/thrown")).isTrue();
      p.present = false;
      e.refresh(CatalogEngine.locationRef(LocationSpec.of("gone", "somewhere")));
      settle(e);
      clock.advance(Duration.ofMinutes(1));
      settle(e);
      assertThat(has(e, "component:default/thrown")).isFalse();
    }
  }

  @Test
  void aMissingConfiguredRootIsReadAsEmptyToo() throws Exception {
    Path root = catalogWithOneFile();
    try (CatalogEngine e = engine().location("file", root.toString())
        .locationNotFoundStrategy(LocationNotFoundStrategy.DELETE).build()) {
      e.start();
      settle(e);
      Files.delete(root);
      e.refresh(CatalogEngine.locationRef(LocationSpec.of("file", root.toAbsolutePath().toString())));
      settle(e);
      clock.advance(Duration.ofMinutes(1));
      settle(e);
      assertThat(has(e, "location:default/root")).isFalse();
      assertThat(has(e, "component:default/svc")).isFalse();
    }
  }
}
