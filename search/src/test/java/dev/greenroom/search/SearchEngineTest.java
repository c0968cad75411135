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

  @Test
  void theBuilderRefusesBadSettingsOnce() {
    assertThatThrownBy(() -> SearchEngine.builder().build()).hasMessageContaining("no collator");
    assertThatThrownBy(() -> SearchEngine.builder().maxPageLimit(0)).hasMessageContaining("maxPageLimit");
    assertThatThrownBy(() -> SearchEngine.builder().collator(new ListCollator()).collator(new ListCollator()))
        .hasMessageContaining("'notes' is registered already");
  }
}
