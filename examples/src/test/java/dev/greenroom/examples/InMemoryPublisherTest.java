package dev.greenroom.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.techdocs.TechDocs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InMemoryPublisherTest {
  @TempDir Path repo;

  private Entity documented() {
    Engines.write(repo.resolve("catalog-info.yaml"), Engines.component("payments", "  owner: team-a\n"));
    Engines.write(repo.resolve("mkdocs.yml"), """
        site_name: Payments
        nav:
          - Home: index.md
          - Refunds: refunds.md
        """);
    Engines.write(repo.resolve("docs/index.md"), "# Payments\n\nTakes the money. See [refunds](refunds.md).\n");
    Engines.write(repo.resolve("docs/refunds.md"), "# Refunds\n\nRefunds settle in two steps.\n");
    return Entity.fromJson("""
        {"apiVersion":"backstage.io/v1alpha1","kind":"Component",
         "metadata":{"name":"payments","namespace":"default","annotations":{
           "backstage.io/techdocs-ref":"dir:.","backstage.io/managed-by-location":"file:%s"}},
         "spec":{"type":"service","lifecycle":"production","owner":"team-a"}}
        """.formatted(repo.resolve("catalog-info.yaml")));
  }

  private static String text(TechDocs docs, EntityRef ref, String path) {
    return new String(docs.file(ref, path).orElseThrow(() -> new AssertionError(path + " not published")),
        StandardCharsets.UTF_8);
  }

  @Test
  void aBuiltSiteIsServedFromMemoryAndReplacedWholeByTheNextBuild() throws Exception {
    Entity payments = documented();
    InMemoryPublisher publisher = new InMemoryPublisher();
    try (TechDocs docs = TechDocs.builder().publisher(publisher).checkInterval(Duration.ZERO).build()) {
      TechDocs.SyncResult first = docs.sync(payments);
      assertThat(first.updated()).isTrue();
      assertThat(publisher.sites()).containsExactly("default/component/payments");
      assertThat(publisher.files(payments.ref()))
          .contains("index.html", "refunds/index.html", "techdocs_metadata.json", "search/search_index.json");
      assertThat(text(docs, payments.ref(), "")).contains("Takes the money");
      assertThat(text(docs, payments.ref(), "refunds/")).contains("Refunds settle in two steps");
      assertThat(docs.metadata(payments.ref()).orElseThrow().path("etag").asString()).isEqualTo(first.etag());
      assertThat(docs.search("refunds", 10)).isNotEmpty();

      // unchanged source: nothing is built or published again
      assertThat(docs.sync(payments).updated()).isFalse();

      // a page removed from the source is gone from the next site, not left behind
      Files.delete(repo.resolve("docs/refunds.md"));
      Engines.write(repo.resolve("mkdocs.yml"), "site_name: Payments\nnav:\n  - Home: index.md\n");
      TechDocs.SyncResult second = docs.sync(payments);
      assertThat(second.updated()).isTrue();
      assertThat(second.etag()).isNotEqualTo(first.etag());
      assertThat(publisher.files(payments.ref())).doesNotContain("refunds/index.html").contains("index.html");
      assertThat(docs.file(payments.ref(), "refunds/index.html")).isEmpty();
    }
  }

  @Test
  void readsOutsideTheSiteAndOfUnknownEntitiesFindNothing() {
    Entity payments = documented();
    InMemoryPublisher publisher = new InMemoryPublisher();
    try (TechDocs docs = TechDocs.builder().publisher(publisher).build()) {
      docs.sync(payments);
    }
    assertThat(publisher.read(payments.ref(), "index.html")).isPresent();
    assertThat(publisher.read(payments.ref(), "../payments/index.html")).isEmpty();
    assertThat(publisher.read(payments.ref(), "/index.html")).isEmpty();
    assertThat(publisher.read(EntityRef.parse("component:default/other"), "index.html")).isEmpty();
    assertThat(publisher.hasDocs(payments.ref())).isTrue();
    assertThat(publisher.hasDocs(EntityRef.parse("component:default/other"))).isFalse();

    // what a reader gets is a copy: changing it does not change the published site
    byte[] page = publisher.read(payments.ref(), "index.html").orElseThrow();
    page[0] = 'X';
    assertThat(publisher.read(payments.ref(), "index.html").orElseThrow()[0]).isNotEqualTo((byte) 'X');
  }
}
