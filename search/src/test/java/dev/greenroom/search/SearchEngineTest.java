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
