package dev.greenroom.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.processing.CatalogEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
      assertThat(engine.query(SearchQuery.of("kafka"), r -> true).numberOfResults()).isEqualTo(1);
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
      assertThat(engine.query(SearchQuery.of(""), r -> true).results())
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
    assertThat(engine.query(SearchQuery.of(""), r -> true).results())
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
      assertThat(engine.query(new SearchQuery("", List.of(), Map.of("team", List.of("BLUE")), null, null), r -> false)
          .numberOfResults()).isEqualTo(1); // no entity: visible to everyone
      assertThat(engine.query(new SearchQuery("", List.of(), Map.of("colour", List.of("blue")), null, null), r -> true)
          .numberOfResults()).isZero();
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
