package dev.greenroom.catalog.processing.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.model.StatusItem;
import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.catalog.processing.CatalogEvent;
import dev.greenroom.catalog.processing.CatalogProcessor;
import dev.greenroom.catalog.processing.DeferredEntity;
import dev.greenroom.catalog.processing.DryRunResult;
import dev.greenroom.catalog.processing.EntityMutation;
import dev.greenroom.catalog.processing.EntityProvider;
import dev.greenroom.catalog.processing.EntityProviderConnection;
import dev.greenroom.catalog.processing.LocationSpec;
import dev.greenroom.catalog.processing.OrphanStrategy;
import dev.greenroom.catalog.processing.ProcessorContext;
import dev.greenroom.catalog.processing.location.CatalogRules;
import dev.greenroom.catalog.processing.state.RegisteredLocation;
import dev.greenroom.testsupport.SettableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine's observable behaviour on small catalogs, bad input included. */
class EngineBehaviourTest {
  @TempDir Path dir;
  final SettableClock clock = new SettableClock();
  final List<CatalogEvent> events = new CopyOnWriteArrayList<>();

  static String component(String name, String owner) {
    return "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: " + name
        + "\nspec:\n  type: service\n  lifecycle: production\n  owner: " + owner + "\n";
  }

  static String group(String name) {
    return "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: " + name
        + "\nspec:\n  type: team\n  children: []\n";
  }

  static String location(String name, String... targets) {
    StringBuilder sb = new StringBuilder("apiVersion: backstage.io/v1alpha1\nkind: Location\n"
        + "metadata:\n  name: " + name + "\nspec:\n  targets:\n");
    for (String t : targets) {
      sb.append("    - ").append(t).append('\n');
    }
    return sb.toString();
  }

  /** Puts the stores under test on the builder; in memory here, subclasses use a database. */
  CatalogEngine.Builder withStores(CatalogEngine.Builder builder) {
    return builder;
  }

  CatalogEngine.Builder engine() {
    return withStores(CatalogEngine.builder())
        .rules(CatalogRules.allowKinds("Component", "API", "Group", "User", "System", "Location"))
        .clock(clock)
        .listener(events::add)
        .processingDisabled();
  }

  static EntityRef ref(String s) {
    return EntityRef.parse(s);
  }

  Entity get(CatalogEngine e, String ref) {
    return e.catalog().entity(ref(ref)).orElse(null);
  }

  /**
   * The errors of the last run of {@code ref}. An entity whose first run failed is not served (as
   * in Backstage), so its errors are read from the processing state.
   */
  List<String> errors(CatalogEngine e, String ref) {
    return e.state().get(ref(ref)).orElseThrow().errors().stream().map(Object::toString).toList();
  }

  /** The messages of the processing errors in a served entity's {@code status.items}. */
  static List<String> processingErrors(Entity entity) {
    return entity.statusItems().stream()
        .filter(i -> StatusItem.CATALOG_PROCESSING.equals(i.type()))
        .map(StatusItem::message)
        .toList();
  }

  void settle(CatalogEngine e) {
    assertThat(e.awaitIdle(Duration.ofSeconds(30))).isTrue();
  }

  @Test
  void ingestsAFileWithRelationsBothWays() {
    Path f = TestCatalogs.write(dir.resolve("catalog.yaml"),
        component("a", "team-a") + "---\n" + group("team-a"));
    try (CatalogEngine e = engine().location("file", f.toString()).build()) {
      e.start();
      settle(e);
      assertThat(get(e, "component:default/a").relations())
          .extracting(r -> r.type() + " " + r.targetRef())
          .containsExactly("ownedBy group:default/team-a");
      assertThat(get(e, "group:default/team-a").relations())
          .extracting(r -> r.type() + " " + r.targetRef())
          .containsExactly("ownerOf component:default/a");
      Entity a = get(e, "component:default/a");
      assertThat(a.metadata().annotation("backstage.io/managed-by-location"))
          .isEqualTo("file:" + f.toAbsolutePath());
      assertThat(a.metadata().uid()).isNotNull();
      assertThat(a.metadata().etag()).isNotNull();
      assertThat(events).filteredOn(ev -> ev instanceof CatalogEvent.EntityAdded)
          .extracting(CatalogEvent::ref)
          .contains(ref("component:default/a"), ref("group:default/team-a"));
    }
  }

  /** The id of {@code ref}'s processing state, the uid Backstage gives its final entity. */
  String stateId(CatalogEngine e, String ref) {
    return e.state().get(ref(ref)).orElseThrow().entityId();
  }

  @Test
  void uidIsTheProcessingStateIdThroughReprocessingAndRestitching() {
    Path f = TestCatalogs.write(dir.resolve("catalog.yaml"),
        component("a", "team-a") + "---\n" + group("team-a"));
    try (CatalogEngine e = engine().location("file", f.toString()).build()) {
      e.start();
      settle(e);
      String a = get(e, "component:default/a").metadata().uid();
      String team = get(e, "group:default/team-a").metadata().uid();
      assertThat(a).isEqualTo(stateId(e, "component:default/a"));
      assertThat(team).isEqualTo(stateId(e, "group:default/team-a"));
      // a re-processed with a change (stitched from its inputs again); team-a re-stitched only
      // because b's ownedBy gives it an ownerOf
      TestCatalogs.write(f, component("a", "team-a").replace("production", "experimental")
          + "---\n" + group("team-a") + "---\n" + component("b", "team-a"));
      clock.advance(Duration.ofMinutes(10));
      settle(e);
      assertThat(get(e, "component:default/a").spec().path("lifecycle").asString())
          .isEqualTo("experimental");
      assertThat(get(e, "group:default/team-a").relations()).extracting(r -> r.targetRef().name())
          .containsExactly("a", "b");
      assertThat(get(e, "component:default/a").metadata().uid())
          .isEqualTo(a).isEqualTo(stateId(e, "component:default/a"));
      assertThat(get(e, "group:default/team-a").metadata().uid())
          .isEqualTo(team).isEqualTo(stateId(e, "group:default/team-a"));
      assertThat(get(e, "component:default/b").metadata().uid())
          .isEqualTo(stateId(e, "component:default/b"));
      assertThat(e.catalog().entityByUid(a).map(Entity::ref)).contains(ref("component:default/a"));
    }
  }

  @Test
  void anEntityStoredUnderAnotherUidTakesTheProcessingStateId() {
    // Regression: the store kept the uid it held over the one processing stitched in, so an
    // entity already in the catalog store (here written by Catalog.upsert) kept a uid that no
    // processing state row has.
    Path f = TestCatalogs.write(dir.resolve("catalog.yaml"), component("a", "team-a"));
    try (CatalogEngine e = engine().location("file", f.toString()).build()) {
      e.catalog().upsert(List.of(Entity.fromJson(dev.greenroom.catalog.json.Json.parse(
          "{\"apiVersion\":\"backstage.io/v1alpha1\",\"kind\":\"Component\",\"metadata\":"
              + "{\"name\":\"a\",\"uid\":\"written-before\"},\"spec\":{\"type\":\"service\"}}"))));
      assertThat(get(e, "component:default/a").metadata().uid()).isEqualTo("written-before");
      e.start();
      settle(e);
      Entity a = get(e, "component:default/a");
      assertThat(a.specString("owner")).isEqualTo("team-a");
      assertThat(a.metadata().uid()).isEqualTo(stateId(e, "component:default/a"));
      assertThat(e.catalog().entityByUid("written-before")).isEmpty();
    }
  }

  @Test
  void unchangedCatalogWritesNothingOnReprocessing() {
    Path f = TestCatalogs.write(dir.resolve("catalog.yaml"),
        component("a", "team-a") + "---\n" + group("team-a"));
    try (CatalogEngine e = engine().location("file", f.toString()).build()) {
      e.start();
      settle(e);
      String etag = get(e, "component:default/a").metadata().etag();
      events.clear();
      clock.advance(Duration.ofMinutes(10));
      assertThat(e.state().dueCount(clock.instant())).isEqualTo(e.state().size());
      settle(e);
      assertThat(events).isEmpty();
      assertThat(get(e, "component:default/a").metadata().etag()).isEqualTo(etag);
    }
  }

  @Test
  void malformedYamlKeepsLastGoodDataAndShowsTheError() {
    Path f = TestCatalogs.write(dir.resolve("catalog.yaml"), component("a", "team-a"));
    try (CatalogEngine e = engine().location("file", f.toString()).build()) {
      e.start();
      settle(e);
      TestCatalogs.write(f, "apiVersion: [unclosed\nkind: Component\n");
      EntityRef root = CatalogEngine.locationRef(LocationSpec.of("file", f.toAbsolutePath().toString()));
      assertThat(e.refresh(root)).isTrue();
      settle(e);
      assertThat(get(e, "component:default/a")).isNotNull();
      Entity loc = e.catalog().entity(root).orElseThrow();
      assertThat(processingErrors(loc)).singleElement().asString()
          .contains("catalog.yaml").contains("YAML");
      assertThat(events).anyMatch(ev -> ev instanceof CatalogEvent.ProcessingFailed pf
          && pf.ref().equals(root));
    }
  }

  @Test
  void aliasBombAndOversizedFilesAreErrorsOnTheirLocation() {
    StringBuilder bomb = new StringBuilder("a: &a [x,x,x,x,x,x,x,x,x,x]\n");
    for (int i = 0; i < 20; i++) {
      char p = (char) ('a' + i);
      char n = (char) ('a' + i + 1);
      bomb.append(n).append(": &").append(n).append(" [*").append(p).append(",*").append(p)
          .append(",*").append(p).append(",*").append(p).append("]\n");
    }
    TestCatalogs.write(dir.resolve("bomb.yaml"), bomb.toString());
    TestCatalogs.write(dir.resolve("big.yaml"), component("big", "t") + "description: "
        + "x".repeat(11 * 1024 * 1024) + "\n");
    TestCatalogs.write(dir.resolve("good.yaml"), component("good", "team-a"));
    Path root = TestCatalogs.write(dir.resolve("root.yaml"),
        location("root", "./bomb.yaml", "./big.yaml", "./good.yaml"));
    try (CatalogEngine e = engine().location("file", root.toString()).build()) {
      e.start();
      settle(e);
      assertThat(get(e, "location:default/root")).isNull();
      assertThat(errors(e, "location:default/root"))
          .anySatisfy(m -> assertThat(m).contains("bomb.yaml").contains("alias"))
          .anySatisfy(m -> assertThat(m).contains("big.yaml").contains("limit"))
          .hasSize(2);
      assertThat(e.state().get(ref("component:default/good"))).isEmpty();
    }
  }

  @Test
  void selfTargetAndCyclesAreErrorsAndTheEngineGoesOn() {
    TestCatalogs.write(dir.resolve("a.yaml"), location("a", "./b.yaml"));
    TestCatalogs.write(dir.resolve("b.yaml"), location("b", "./a.yaml") + "---\n"
        + component("in-b", "team-a"));
    TestCatalogs.write(dir.resolve("self.yaml"), location("self", "./self.yaml"));
    try (CatalogEngine e = engine()
        .location("file", dir.resolve("a.yaml").toString())
        .location("file", dir.resolve("self.yaml").toString())
        .build()) {
      e.start();
      settle(e);
      assertThat(errors(e, "location:default/b"))
          .singleElement().asString().contains("a.yaml").contains("cycle");
      assertThat(errors(e, "location:default/self"))
          .singleElement().asString().contains("self.yaml").contains("cycle");
      assertThat(get(e, "location:default/a")).isNotNull();
    }
  }

  @Test
  void targetOutsideTheAllowedRootIsRefused() {
    Path inside = dir.resolve("inside");
    TestCatalogs.write(dir.resolve("outside.yaml"), component("outside", "team-a"));
    Path root = TestCatalogs.write(inside.resolve("root.yaml"),
        location("root", "../outside.yaml"));
    try (CatalogEngine e = engine().fileRoots(List.of(inside))
        .location("file", root.toString()).build()) {
      e.start();
      settle(e);
      assertThat(get(e, "component:default/outside")).isNull();
      assertThat(errors(e, "location:default/root"))
          .singleElement().asString().contains("outside.yaml");
    }
  }

  @Test
  void aThrowingProcessorFailsTheEntityNotTheEngine() {
    AtomicReference<Boolean> fail = new AtomicReference<>(false);
    CatalogProcessor flaky = new CatalogProcessor() {
      @Override
      public String name() {
        return "flaky";
      }

      @Override
      public Entity postProcess(Entity entity, ProcessorContext context) {
        if (fail.get() && entity.ref().name().equals("a")) {
          throw new IllegalStateException("boom on " + entity.ref());
        }
        return entity;
      }
    };
    Path f = TestCatalogs.write(dir.resolve("catalog.yaml"),
        component("a", "team-a") + "---\n" + component("b", "team-a"));
    try (CatalogEngine e = engine().processor(flaky).location("file", f.toString()).build()) {
      e.start();
      settle(e);
      fail.set(true);
      clock.advance(Duration.ofMinutes(10));
      settle(e);
      Entity a = get(e, "component:default/a");
      assertThat(a.spec().path("owner").asString()).isEqualTo("team-a");
      assertThat(processingErrors(a)).singleElement().asString()
          .isEqualTo("InputError: Processor flaky threw an error while postprocessing; caused by "
              + "Error: boom on component:default/a");
      assertThat(processingErrors(get(e, "component:default/b"))).isEmpty();
    }
  }

  @Test
  void theSameRefFromTwoPlacesIsAConflictTheFirstKeeps() {
    Path one = TestCatalogs.write(dir.resolve("one.yaml"), component("dup", "first"));
    Path two = TestCatalogs.write(dir.resolve("two.yaml"), component("dup", "second"));
    try (CatalogEngine e = engine().allowedLocationTypes(List.of("url", "file"))
        .location("file", one.toString()).build()) {
      e.start();
      settle(e);
      e.registerLocation("file", two.toString());
      settle(e);
      assertThat(get(e, "component:default/dup").spec().path("owner").asString())
          .isEqualTo("first");
      assertThat(events).anyMatch(ev -> ev instanceof CatalogEvent.Conflict c
          && c.ref().equals(ref("component:default/dup"))
          && String.valueOf(c.newLocationKey()).contains("two.yaml"));
    }
  }

  /**
   * Regression: an entity defined in two files read by one location was served from the last
   * file read. As Backstage, the first file keeps it and the second is a reported conflict.
   */
  @Test
  void theSameRefInTwoFilesOfOneGlobIsServedFromTheFirst() {
    TestCatalogs.write(dir.resolve("a.yaml"), component("dup", "first"));
    TestCatalogs.write(dir.resolve("b.yaml"), component("dup", "second"));
    try (CatalogEngine e = engine().location("file", dir.resolve("*.yaml").toString()).build()) {
      e.start();
      settle(e);
      assertThat(get(e, "component:default/dup").spec().path("owner").asString())
          .isEqualTo("first");
      assertThat(get(e, "component:default/dup").metadata()
              .annotation("backstage.io/managed-by-location"))
          .endsWith("a.yaml");
      assertThat(events).anyMatch(ev -> ev instanceof CatalogEvent.Conflict c
          && c.ref().equals(ref("component:default/dup"))
          && String.valueOf(c.existingLocationKey()).endsWith("a.yaml")
          && String.valueOf(c.newLocationKey()).endsWith("b.yaml"));
      // processing again changes nothing: still the first file's entity
      clock.advance(Duration.ofMinutes(10));
      settle(e);
      assertThat(get(e, "component:default/dup").spec().path("owner").asString())
          .isEqualTo("first");
    }
  }

  @Test
  void theSameRefInTwoTargetsOfOneLocationIsServedFromTheFirst() {
    TestCatalogs.write(dir.resolve("one.yaml"), component("dup", "first"));
    TestCatalogs.write(dir.resolve("two.yaml"), component("dup", "second"));
    Path root = TestCatalogs.write(dir.resolve("root.yaml"),
        location("root", "./one.yaml", "./two.yaml"));
    try (CatalogEngine e = engine().location("file", root.toString()).build()) {
      e.start();
      settle(e);
      assertThat(get(e, "component:default/dup").spec().path("owner").asString())
          .isEqualTo("first");
      assertThat(events).anyMatch(ev -> ev instanceof CatalogEvent.Conflict c
          && c.ref().equals(ref("component:default/dup"))
          && String.valueOf(c.newLocationKey()).endsWith("two.yaml"));
    }
  }

  @Test
  void droppedEntitiesBecomeOrphansOrGoAway() {
    Path f = TestCatalogs.write(dir.resolve("catalog.yaml"),
        component("a", "team-a") + "---\n" + component("b", "team-a"));
    for (OrphanStrategy strategy : OrphanStrategy.values()) {
      events.clear();
      TestCatalogs.write(f, component("a", "team-a") + "---\n" + component("b", "team-a"));
      try (CatalogEngine e = engine().orphanStrategy(strategy).orphanPeriod(Duration.ZERO)
          .location("file", f.toString()).build()) {
        e.start();
        settle(e);
        TestCatalogs.write(f, component("a", "team-a"));
        clock.advance(Duration.ofMinutes(10));
        settle(e);
        Entity b = get(e, "component:default/b");
        if (strategy == OrphanStrategy.KEEP) {
          assertThat(b.metadata().annotation("backstage.io/orphan")).isEqualTo("true");
          assertThat(get(e, "component:default/a").metadata().annotation("backstage.io/orphan"))
              .isNull();
        } else {
          assertThat(b).isNull();
          assertThat(events).anyMatch(ev -> ev instanceof CatalogEvent.EntityRemoved r
              && r.ref().equals(ref("component:default/b")));
        }
      }
    }
  }

  @Test
  void refreshOnDemandRereadsTheFileThatHoldsTheEntity() {
    Path f = TestCatalogs.write(dir.resolve("catalog.yaml"), component("a", "team-a"));
    try (CatalogEngine e = engine().location("file", f.toString()).build()) {
      e.start();
      settle(e);
      TestCatalogs.write(f, component("a", "team-b"));
      assertThat(e.refresh(ref("component:default/a"))).isTrue();
      settle(e);
      assertThat(get(e, "component:default/a").spec().path("owner").asString())
          .isEqualTo("team-b");
      assertThat(events).anyMatch(ev -> ev instanceof CatalogEvent.EntityChanged c
          && c.ref().equals(ref("component:default/a")));
      assertThat(e.refresh(ref("component:default/nope"))).isFalse();
    }
  }

  @Test
  void unregisteringALocationDeletesItsSubtree() {
    Path sub = TestCatalogs.write(dir.resolve("sub.yaml"), component("deep", "team-a"));
    Path f = TestCatalogs.write(dir.resolve("catalog.yaml"),
        component("a", "team-a") + "---\n" + location("nested", "./sub.yaml"));
    try (CatalogEngine e = engine().allowedLocationTypes(List.of("file")).build()) {
      e.start();
      RegisteredLocation l = e.registerLocation("file", f.toString());
      settle(e);
      assertThat(get(e, "component:default/deep")).isNotNull();
      assertThat(e.locations()).containsExactly(l);
      assertThat(e.unregisterLocation(l.id())).isTrue();
      settle(e);
      assertThat(TestCatalogs.all(e.catalog())).isEmpty();
      assertThat(e.state().size()).isZero();
      assertThat(sub).exists();
    }
  }

  @Test
  void registeringATypeThatIsNotAllowedIsRefused() {
    try (CatalogEngine e = engine().build()) {
      e.start();
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> e.registerLocation("file", "/x"))
          .hasMessage("Registered locations must be of an allowed type [\"url\"]");
    }
  }

  @Test
  void dryRunFindsWhatWouldBeIngestedAndStoresNothing() {
    TestCatalogs.write(dir.resolve("sub.yaml"), component("deep", "team-a"));
    Path f = TestCatalogs.write(dir.resolve("catalog.yaml"),
        component("a", "team-a") + "---\n" + location("nested", "./sub.yaml") + "---\n"
            + "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: bad\n"
            + "spec:\n  type: service\n");
    try (CatalogEngine e = engine().allowedLocationTypes(List.of("file")).build()) {
      e.start();
      DryRunResult r = e.dryRun(LocationSpec.of("file", f.toString()), 100);
      assertThat(r.entities()).extracting(x -> x.ref().toString())
          .contains("component:default/a", "component:default/deep", "location:default/nested");
      assertThat(r.failures()).singleElement()
          .satisfies(x -> assertThat(x.ref()).isEqualTo(ref("component:default/bad")));
      assertThat(e.state().size()).isZero();
      assertThat(TestCatalogs.all(e.catalog())).isEmpty();
    }
  }

  @Test
  void providersApplyFullAndDeltaMutations() {
    AtomicReference<EntityProviderConnection> conn = new AtomicReference<>();
    EntityProvider provider = new EntityProvider() {
      @Override
      public String name() {
        return "org-chart";
      }

      @Override
      public void connect(EntityProviderConnection connection) {
        conn.set(connection);
      }
    };
    try (CatalogEngine e = engine().provider(provider).build()) {
      e.start();
      conn.get().applyMutation(EntityMutation.full(List.of(provided("team-a"), provided("team-b"))));
      settle(e);
      assertThat(TestCatalogs.all(e.catalog())).hasSize(2);
      conn.get().applyMutation(EntityMutation.delta(List.of(provided("team-c")),
          List.of(new EntityMutation.Removal(ref("group:default/team-a"), null))));
      settle(e);
      assertThat(TestCatalogs.all(e.catalog())).extracting(x -> x.ref().name())
          .containsExactlyInAnyOrder("team-b", "team-c");
      conn.get().applyMutation(EntityMutation.full(List.of(provided("team-c"))));
      settle(e);
      assertThat(TestCatalogs.all(e.catalog())).extracting(x -> x.ref().name())
          .containsExactly("team-c");
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> conn.get().applyMutation(
              EntityMutation.full(List.of(new DeferredEntity(Entity.fromJson(
                  "{\"apiVersion\":\"backstage.io/v1alpha1\",\"kind\":\"Group\","
                      + "\"metadata\":{\"name\":\"x\"},\"spec\":{\"type\":\"t\"}}"),
                  "org:x")))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("backstage.io/managed-by-location");
    }
  }

  static DeferredEntity provided(String name) {
    return new DeferredEntity(Entity.fromJson("{\"apiVersion\":\"backstage.io/v1alpha1\","
        + "\"kind\":\"Group\",\"metadata\":{\"name\":\"" + name + "\",\"annotations\":{"
        + "\"backstage.io/managed-by-location\":\"org:chart\","
        + "\"backstage.io/managed-by-origin-location\":\"org:chart\"}},"
        + "\"spec\":{\"type\":\"team\",\"children\":[]}}"), "org:chart");
  }

  @Test
  void processorsAreDiscoveredOnlyWhenAskedFor() {
    Path f = TestCatalogs.write(dir.resolve("catalog.yaml"), component("a", "team-a"));
    try (CatalogEngine plain = engine().location("file", f.toString()).build();
        CatalogEngine discovering = engine().discoverProcessors()
            .location("file", f.toString()).build()) {
      plain.start();
      discovering.start();
      settle(plain);
      settle(discovering);
      assertThat(plain.processors()).extracting(CatalogProcessor::name).doesNotContain("discovered");
      assertThat(get(plain, "component:default/a").metadata().annotation("greenroom.dev/discovered"))
          .isNull();
      assertThat(get(discovering, "component:default/a").metadata()
          .annotation("greenroom.dev/discovered")).isEqualTo("true");
    }
  }

  @Test
  void anUnreachableUrlIsAnErrorOnItsLocation() throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String url = "http://127.0.0.1:" + port + "/catalog-info.yaml";
    try (CatalogEngine e = engine()
        .urlReader(dev.greenroom.catalog.processing.location.HttpUrlReader.builder()
            .allow("127.0.0.1:" + port).build())
        .location("url", url).build()) {
      e.start();
      settle(e);
      assertThat(errors(e, CatalogEngine.locationRef(LocationSpec.of("url", url)).toString()))
          .singleElement().asString().contains(url);
    }
  }

  @Test
  void aProviderRefreshKeyReprocessesWhatReadThatFile() {
    AtomicReference<EntityProviderConnection> conn = new AtomicReference<>();
    EntityProvider provider = new EntityProvider() {
      @Override
      public String name() {
        return "watcher";
      }

      @Override
      public void connect(EntityProviderConnection connection) {
        conn.set(connection);
      }
    };
    Path f = TestCatalogs.write(dir.resolve("catalog.yaml"), component("a", "team-a"));
    try (CatalogEngine e = engine().provider(provider).location("file", f.toString()).build()) {
      e.start();
      settle(e);
      TestCatalogs.write(f, component("a", "team-b"));
      conn.get().refresh(List.of("file:" + f.toAbsolutePath()));
      settle(e);
      assertThat(get(e, "component:default/a").spec().path("owner").asString())
          .isEqualTo("team-b");
    }
  }

  @Test
  void processorCachesLastFromOneRunToTheNext() {
    CatalogProcessor counting = new CatalogProcessor() {
      @Override
      public String name() {
        return "counting";
      }

      @Override
      public Entity postProcess(Entity entity, ProcessorContext context) {
        int runs = context.cache().get("runs").map(n -> n.asInt()).orElse(0);
        context.cache().set("runs", tools.jackson.databind.node.IntNode.valueOf(runs + 1));
        return entity.withAnnotation("greenroom.dev/previous-runs", Integer.toString(runs));
      }
    };
    Path f = TestCatalogs.write(dir.resolve("catalog.yaml"), component("a", "team-a"));
    try (CatalogEngine e = engine().processor(counting).location("file", f.toString()).build()) {
      e.start();
      settle(e);
      assertThat(get(e, "component:default/a").metadata().annotation("greenroom.dev/previous-runs"))
          .isEqualTo("0");
      clock.advance(Duration.ofMinutes(10));
      settle(e);
      assertThat(get(e, "component:default/a").metadata().annotation("greenroom.dev/previous-runs"))
          .isEqualTo("1");
    }
  }
}
