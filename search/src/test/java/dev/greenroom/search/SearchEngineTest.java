package dev.greenroom.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.processing.CatalogEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The engine on a collator of the test's own, through the same SPI as the built-ins. */
class SearchEngineTest {
  /** Hands out whatever the test put in {@link #docs}; throws when {@link #fail} is set. */
  static final class ListCollator implements DocumentCollator {
    final List<IndexableDocument> docs = new ArrayList<>();
    boolean fail;

    @Override
    public String type() {
      return "notes";
    }

    @Override
    public void collateAll(Consumer<IndexableDocument> sink) {
      if (fail) {
        throw new IllegalStateException("notes service unreachable");
      }
      docs.forEach(sink);
    }
  }

  static IndexableDocument note(String title, String location, EntityRef ref) {
    return new IndexableDocument(title, "about " + title, location, ref, Map.of("team", "blue"));
  }

  @Test
  void aPageOfLongDocumentsIsHighlightedForExactPrefixAndFuzzyMatches() {
    // Backstage's search page asks for 25 TechDocs pages at once; highlighting re-expanded the
    // fuzzy and prefix parts of the query for every field of every result (seconds per page).
    ListCollator notes = new ListCollator();
    try (SearchEngine engine = SearchEngine.builder().collator(notes).build()) {
      StringBuilder filler = new StringBuilder();
      for (int i = 0; i < 300; i++) {
        filler.append("word").append(i % 37).append(" lorem ipsum dolor ");
      }
      for (int i = 0; i < 40; i++) {
        notes.docs.add(new IndexableDocument("Page " + i + " of the documented component",
            filler + " the documentation of part " + i + " is documented here", "/docs/p" + i,
            EntityRef.parse("component:default/documented-component"), Map.of()));
      }
      notes.docs.add(new IndexableDocument("Typo page", "this page is documnted badly", "/docs/typo",
          EntityRef.parse("component:default/documented-component"), Map.of()));
      engine.reindexAll();
      SearchResultSet page = null;
      for (int round = 0; round < 3; round++) {
        long t0 = System.nanoTime();
        page = engine.query(
            new SearchQuery("documented", List.of(), Map.of(), null, 25), SearchEngine.Visibility.everything());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("highlighted a page of " + page.results().size() + " results in " + ms + " ms");
      }
      assertThat(page.numberOfResults()).isEqualTo(41);
      assertThat(page.results()).hasSize(25);
      SearchResult first = page.results().get(0);
      String pre = first.highlight().preTag();
      String post = first.highlight().postTag();
      // exact matches in the title and the text
      assertThat(first.highlight().fields().get("title")).contains(pre + "documented" + post);
      assertThat(first.highlight().fields().get("text")).contains(pre + "documented" + post);
      // a fuzzy match (one letter off) and a prefix match are marked too
      SearchResultSet typo = engine.query(SearchQuery.of("documented typo"), SearchEngine.Visibility.everything());
      SearchResult t = typo.results().stream().filter(r -> r.document().location().equals("/docs/typo"))
          .findFirst().orElseThrow();
      assertThat(t.highlight().fields().get("text")).contains(t.highlight().preTag() + "documnted");
      SearchResultSet prefix = engine.query(SearchQuery.of("documen"), SearchEngine.Visibility.everything());
      assertThat(prefix.results().get(0).highlight().fields().get("text"))
          .contains(prefix.results().get(0).highlight().preTag() + "documentation");
    }
  }

  @Test
  void aFailingCollatorKeepsItsPreviousDocumentsAndNamesItsType() {
    ListCollator notes = new ListCollator();
    try (SearchEngine engine = SearchEngine.builder().collator(notes).build()) {
      notes.docs.add(note("kafka runbook", "/notes/kafka", EntityRef.parse("component:default/kafka")));
      assertThat(engine.reindexAll()).isEmpty();
      notes.fail = true;
      assertThat(engine.reindexAll()).containsEntry("notes", "notes service unreachable");
      assertThat(engine.query(SearchQuery.of("kafka"), SearchEngine.Visibility.everything()).numberOfResults()).isEqualTo(1);
    }
  }

  @Test
  void documentsWithAnUnsafeLocationAreNotIndexed() {
    ListCollator notes = new ListCollator();
    try (SearchEngine engine = SearchEngine.builder().collator(notes).build()) {
      EntityRef ref = EntityRef.parse("component:default/x");
      notes.docs.add(note("evil link", "javascript:alert(1)", ref));
      notes.docs.add(note("evil data", "data:text/html,hi", ref));
      notes.docs.add(note("good link", "https://example.com/page", ref));
      notes.docs.add(note("good path", "/catalog/default/component/x?tab=docs:1", ref));
      engine.reindexAll();
      assertThat(engine.query(SearchQuery.of(""), SearchEngine.Visibility.everything()).results())
          .extracting(r -> r.document().title()).containsExactlyInAnyOrder("good link", "good path");
    }
  }

  @Test
  void aRemovedEntityLosesItsDocumentsAndLateEventsAfterCloseAreIgnored() {
    ListCollator notes = new ListCollator();
    SearchEngine engine = SearchEngine.builder().collator(notes).build();
    EntityRef gone = EntityRef.parse("component:default/gone");
    notes.docs.add(note("gone", "/notes/gone", gone));
    notes.docs.add(note("kept", "/notes/kept", EntityRef.parse("component:default/kept")));
    engine.reindexAll();
    engine.catalogListener().onEvent(new CatalogEvent.EntityRemoved(gone));
    assertThat(engine.query(SearchQuery.of(""), SearchEngine.Visibility.everything()).results())
        .extracting(r -> r.document().title()).containsExactly("kept");
    engine.close();
    engine.catalogListener().onEvent(new CatalogEvent.EntityRemoved(gone)); // no exception
    engine.reindexAll();
    engine.close();
  }

  @Test
  void filtersMatchWithoutCaseAndUnknownFieldsMatchNothing() {
    ListCollator notes = new ListCollator();
    try (SearchEngine engine = SearchEngine.builder().collator(notes).build()) {
      notes.docs.add(note("a", "/a", null));
      engine.reindexAll();
      assertThat(engine.query(new SearchQuery("", List.of(), Map.of("team", List.of("BLUE")), null, null), SearchEngine.Visibility.each(r -> false))
          .numberOfResults()).isEqualTo(1); // no entity: visible to everyone
      assertThat(engine.query(new SearchQuery("", List.of(), Map.of("colour", List.of("blue")), null, null), SearchEngine.Visibility.everything())
          .numberOfResults()).isZero();
    }
  }

  static Entity component(String description) {
    return Entity.fromJson("{\"apiVersion\":\"backstage.io/v1alpha1\",\"kind\":\"Component\","
        + "\"metadata\":{\"name\":\"racer\",\"description\":\"" + description + "\"},"
        + "\"spec\":{\"type\":\"service\",\"lifecycle\":\"production\",\"owner\":\"team-a\"}}");
  }

  @Test
  void anUpdateWrittenWhileAFullReindexCollatesIsNotUndoneByItsOlderSnapshot() throws Exception {
    CountDownLatch collating = new CountDownLatch(1);
    CountDownLatch updated = new CountDownLatch(1);
    DocumentCollator slow = new DocumentCollator() {
      @Override
      public String type() {
        return "software-catalog";
      }

      @Override
      public void collateAll(Consumer<IndexableDocument> sink) {
        IndexableDocument old = collate(component("old words")).get(0); // the snapshot, read first
        collating.countDown();
        try {
          updated.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        sink.accept(old);
      }

      @Override
      public List<IndexableDocument> collate(Entity entity) {
        return List.of(dev.greenroom.search.collator.CatalogCollator.document(entity));
      }

      @Override
      public boolean collatesEntities() {
        return true;
      }
    };
    try (SearchEngine engine = SearchEngine.builder().collator(slow).build()) {
      Thread full = new Thread(engine::reindexAll);
      full.start();
      assertThat(collating.await(30, TimeUnit.SECONDS)).isTrue();
      engine.refresh(component("new words")); // a catalog event during the full pass
      updated.countDown();
      full.join(30_000);
      assertThat(engine.query(SearchQuery.of(""), SearchEngine.Visibility.everything()).results())
          .extracting(r -> r.document().text()).containsExactly("new words");
    }
  }

  /** A collator of entities' documents: one document per entity, several for the ones in {@link #pages}. */
  static final class EntityCollator implements DocumentCollator {
    final Map<String, String> descriptions = new java.util.LinkedHashMap<>();
    final Map<String, Integer> pages = new java.util.HashMap<>();
    final java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public String type() {
      return "software-catalog";
    }

    @Override
    public void collateAll(Consumer<IndexableDocument> sink) {
      runs.incrementAndGet();
      descriptions.keySet().forEach(name -> docs(name).forEach(sink));
    }

    List<IndexableDocument> docs(String name) {
      EntityRef ref = EntityRef.parse("component:default/" + name);
      List<IndexableDocument> out = new ArrayList<>();
      for (int p = 0; p < pages.getOrDefault(name, 1); p++) {
        out.add(new IndexableDocument(name + " page " + p, descriptions.get(name), "/catalog/default/component/" + name + "/" + p,
            ref, Map.of("kind", "Component")));
      }
      return out;
    }

    @Override
    public List<IndexableDocument> collate(Entity entity) {
      return List.of();
    }

    @Override
    public boolean collatesEntities() {
      return true;
    }
  }

  /**
   * A collator of entities' documents: a pass hands out {@code all} as it is then, an entity's
   * change the catalog collator's document of it.
   */
  static DocumentCollator entityCollator(String type, List<IndexableDocument> all) {
    return new DocumentCollator() {
      @Override
      public String type() {
        return type;
      }

      @Override
      public void collateAll(Consumer<IndexableDocument> sink) {
        all.forEach(sink);
      }

      @Override
      public List<IndexableDocument> collate(Entity entity) {
        return List.of(dev.greenroom.search.collator.CatalogCollator.document(entity));
      }

      @Override
      public boolean collatesEntities() {
        return true;
      }
    };
  }

  static List<String> texts(SearchEngine engine) {
    return engine.query(new SearchQuery("", List.of(), Map.of(), null, 100), SearchEngine.Visibility.everything())
        .results().stream().map(r -> r.document().title() + "=" + r.document().text()).sorted().toList();
  }

  @Test
  void aReindexWritesOnlyTheEntitiesWhoseDocumentsChanged() throws Exception {
    EntityCollator catalog = new EntityCollator();
    try (SearchEngine engine = SearchEngine.builder().collator(catalog).build()) {
      catalog.descriptions.put("a", "alpha");
      catalog.descriptions.put("b", "beta");
      catalog.descriptions.put("docs", "manual");
      catalog.pages.put("docs", 3);
      assertThat(engine.reindexAll()).isEmpty();
      assertThat(engine.size()).isEqualTo(5);
      long first = engine.readerVersion();

      // the same documents again: nothing written, no new reader
      assertThat(engine.reindexAll()).isEmpty();
      assertThat(engine.readerVersion()).isEqualTo(first);

      // one entity changed, one gone, one new; an entity's several documents replaced together
      catalog.descriptions.put("a", "alpha two");
      catalog.descriptions.remove("b");
      catalog.descriptions.put("c", "gamma");
      catalog.pages.put("docs", 2);
      catalog.descriptions.put("docs", "manual two");
      assertThat(engine.reindex("software-catalog")).isEmpty();
      assertThat(engine.readerVersion()).isNotEqualTo(first);
      assertThat(texts(engine)).containsExactly("a page 0=alpha two", "c page 0=gamma",
          "docs page 0=manual two", "docs page 1=manual two");
      assertThat(engine.size()).isEqualTo(4);
    }
  }

  @Test
  void anEntityWhoseDocumentsTheIndexRefusesDoesNotStopThePass() {
    EntityRef a = EntityRef.parse("component:default/a");
    EntityRef huge = EntityRef.parse("component:default/huge");
    EntityRef z = EntityRef.parse("component:default/z");
    List<IndexableDocument> docs = new ArrayList<>(List.of(note("a", "/a", a),
        new IndexableDocument("huge", "", "/huge", huge, Map.of("team", "x".repeat(40_000))),
        note("z", "/z", z)));
    DocumentCollator catalog = entityCollator("software-catalog", docs);
    try (SearchEngine engine = SearchEngine.builder().collator(catalog).build()) {
      assertThat(engine.reindexAll()).isEmpty();
      assertThat(engine.query(SearchQuery.of(""), SearchEngine.Visibility.everything()).results())
          .extracting(r -> r.document().title()).containsExactlyInAnyOrder("a", "z");
      docs.remove(0); // the entity after the refused one still counts as seen; the gone one goes
      assertThat(engine.reindexAll()).isEmpty();
      assertThat(engine.query(SearchQuery.of(""), SearchEngine.Visibility.everything()).results())
          .extracting(r -> r.document().title()).containsExactly("z");
    }
  }

  @Test
  void documentsOfOneEntityGivenApartAreAllKeptPassAfterPass() {
    EntityRef a = EntityRef.parse("component:default/a");
    EntityRef b = EntityRef.parse("component:default/b");
    List<IndexableDocument> order = new ArrayList<>(List.of(note("a one", "/a/1", a), note("b", "/b", b),
        note("a two", "/a/2", a)));
    DocumentCollator scattered = entityCollator("notes", order);
    try (SearchEngine engine = SearchEngine.builder().collator(scattered).build()) {
      for (int pass = 0; pass < 3; pass++) {
        assertThat(engine.reindexAll()).isEmpty();
        assertThat(engine.query(SearchQuery.of(""), SearchEngine.Visibility.everything()).results())
            .extracting(r -> r.document().title()).containsExactlyInAnyOrder("a one", "b", "a two");
      }
      order.remove(2);
      engine.reindexAll();
      assertThat(engine.query(SearchQuery.of(""), SearchEngine.Visibility.everything()).results())
          .extracting(r -> r.document().title()).containsExactlyInAnyOrder("a one", "b");
    }
  }

  @Test
  void anEventWithTheIndexedDocumentsWritesNothingAndAChangedOneReplacesThem() throws Exception {
    DocumentCollator catalog = entityCollator("software-catalog", List.of());
    try (SearchEngine engine = SearchEngine.builder().collator(catalog).build()) {
      engine.refresh(component("fast cars"));
      long version = engine.readerVersion();
      engine.refresh(component("fast cars"));
      assertThat(engine.readerVersion()).isEqualTo(version);
      engine.refresh(component("slow boats"));
      assertThat(engine.query(SearchQuery.of(""), SearchEngine.Visibility.everything()).results())
          .extracting(r -> r.document().text()).containsExactly("slow boats");
      engine.remove(EntityRef.parse("component:default/racer"));
      assertThat(engine.size()).isZero();
      // after the removal the bookkeeping forgot the entity: the same documents are written again
      engine.refresh(component("slow boats"));
      assertThat(engine.size()).isEqualTo(1);
    }
  }

  @Test
  void fingerprintsTellApartDocumentsThatOnlyMoveTextBetweenFields() {
    EntityRef ref = EntityRef.parse("component:default/x");
    IndexableDocument a = new IndexableDocument("ab", "c", "/x", ref, Map.of());
    IndexableDocument b = new IndexableDocument("a", "bc", "/x", ref, Map.of());
    IndexableDocument c = new IndexableDocument("a", "bc", "/x", ref, Map.of("k", "v"));
    IndexableDocument d = new IndexableDocument("a", "bc", "/x", ref, Map.of("kv", ""));
    assertThat(java.util.stream.Stream.of(a, b, c, d).map(x -> SearchEngine.fingerprint(List.of(x))).distinct())
        .hasSize(4);
    assertThat(SearchEngine.fingerprint(List.of(a, b))).isNotEqualTo(SearchEngine.fingerprint(List.of(b, a)));
    assertThat(SearchEngine.fingerprint(List.of(new IndexableDocument("ab", "c", "/x", ref, Map.of()))))
        .isEqualTo(SearchEngine.fingerprint(List.of(a)));
  }

  @Test
  void aTypeRunsOnItsOwnScheduleAndUnknownTypesAreRefused() throws Exception {
    EntityCollator catalog = new EntityCollator();
    catalog.descriptions.put("a", "alpha");
    ListCollator notes = new ListCollator();
    var scheduler = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
    try (SearchEngine engine = SearchEngine.builder().collator(catalog).collator(notes).build()) {
      var schedule = dev.greenroom.catalog.processing.schedule.TaskSchedule.every(
          java.time.Duration.ofMillis(20), java.time.Duration.ofSeconds(30));
      try (AutoCloseable task = engine.start("software-catalog", schedule, scheduler)) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (catalog.runs.get() < 3 && System.nanoTime() < deadline) {
          Thread.sleep(10);
        }
        assertThat(catalog.runs.get()).isGreaterThanOrEqualTo(3);
        assertThat(texts(engine)).containsExactly("a page 0=alpha");
      }
      assertThatThrownBy(() -> engine.start("docs", TaskSchedule_every(), scheduler))
          .hasMessageContaining("Unknown search type \"docs\"").hasMessageContaining("software-catalog, notes");
      assertThatThrownBy(() -> engine.reindex("docs")).hasMessageContaining("Unknown search type");
    } finally {
      scheduler.shutdownNow();
    }
  }

  private static dev.greenroom.catalog.processing.schedule.TaskSchedule TaskSchedule_every() {
    return dev.greenroom.catalog.processing.schedule.TaskSchedule.every(
        java.time.Duration.ofMinutes(1), java.time.Duration.ofMinutes(1));
  }

  @Test
  void theBuilderRefusesBadSettingsOnce() {
    assertThatThrownBy(() -> SearchEngine.builder().build()).hasMessageContaining("no collator");
    assertThatThrownBy(() -> SearchEngine.builder().maxPageLimit(0)).hasMessageContaining("maxPageLimit");
    assertThatThrownBy(() -> SearchEngine.builder().collator(new ListCollator()).collator(new ListCollator()))
        .hasMessageContaining("'notes' is registered already");
  }
}
