package dev.greenroom.techdocs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.processing.ProcessingError;
import dev.greenroom.catalog.processing.ProcessingException;
import dev.greenroom.catalog.processing.location.UrlReader;
import dev.greenroom.techdocs.build.SiteCheck;
import dev.greenroom.techdocs.search.SearchHit;
import dev.greenroom.techdocs.source.DocsRef;
import dev.greenroom.testsupport.SettableClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TechDocsTest {
  @TempDir Path tmp;

  static Entity component(String name, String techdocsRef, String location) {
    return Entity.fromJson("""
        {"apiVersion":"backstage.io/v1alpha1","kind":"Component",
         "metadata":{"name":"%s","namespace":"default","annotations":{
           "backstage.io/techdocs-ref":"%s","backstage.io/managed-by-location":"%s"}},
         "spec":{"type":"service","lifecycle":"production","owner":"team-a"}}
        """.formatted(name, techdocsRef, location));
  }

  /** Copies a corpus project next to a catalog file, as a repository would hold it. */
  Path repo(String corpus, String name) throws IOException {
    Path root = tmp.resolve(name);
    Path src = Corpus.dir(corpus);
    try (Stream<Path> s = Files.walk(src)) {
      for (Path p : s.toList()) {
        Path t = root.resolve(src.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    }
    Files.writeString(root.resolve("catalog-info.yaml"), "# catalog file\n");
    return root;
  }

  @Test
  void onPublishedHearsEachNewSiteOnlyAndAFailingListenerDoesNotFailTheBuild() throws IOException {
    Path repo = repo("backstage-documented-component-2021", "documented");
    Entity e = component("documented-component", "dir:.", "file:" + repo.resolve("catalog-info.yaml"));
    List<String> heard = new ArrayList<>();
    try (TechDocs docs = TechDocs.builder().publishDirectory(tmp.resolve("published")).checkInterval(Duration.ZERO)
        .onPublished(x -> heard.add(x.ref().toString()))
        .onPublished(x -> {
          throw new IllegalStateException("index down");
        })
        .build()) {
      assertThat(docs.sync(e).updated()).isTrue();
      assertThat(heard).containsExactly("component:default/documented-component");
      assertThat(docs.buildLog(e.ref())).anyMatch(l -> l.endsWith("a listener of published docs failed: index down"));
      assertThat(docs.sync(e).updated()).isFalse(); // up to date: nothing published, nothing heard
      assertThat(heard).hasSize(1);
    }
  }

  @Test
  void syncBuildsOnceAndAgainOnlyWhenTheSourceChanges() throws IOException {
    Path repo = repo("backstage-documented-component-2021", "documented");
    Entity e = component("documented-component", "dir:.", "file:" + repo.resolve("catalog-info.yaml"));
    SettableClock clock = new SettableClock();
    try (TechDocs docs = TechDocs.builder().publishDirectory(tmp.resolve("published")).clock(clock)
        .checkInterval(Duration.ofSeconds(60)).build()) {
      List<String> log = new ArrayList<>();
      TechDocs.SyncResult first = docs.sync(e, log::add);
      assertThat(first.updated()).isTrue();
      assertThat(log).anyMatch(l -> l.startsWith("Preparing docs of component:default/documented-component from dir:" + repo));
      assertThat(Files.exists(tmp.resolve("published/default/component/documented-component/index.html"))).isTrue();
      assertThat(docs.metadata(e.ref()).orElseThrow().path("etag").asString()).isEqualTo(first.etag());
      assertThat(docs.metadata(e.ref()).orElseThrow().path("build_timestamp").asLong()).isEqualTo(clock.millis());

      // within the check interval: not even the source is read
      Files.writeString(repo.resolve("docs/sub-page.md"), "# Another page, edited\n");
      assertThat(docs.sync(e).updated()).isFalse();
      assertThat(docs.buildLog(e.ref())).anyMatch(l -> l.contains("were checked at"));

      clock.advance(Duration.ofSeconds(61));
      TechDocs.SyncResult second = docs.sync(e);
      assertThat(second.updated()).isTrue();
      assertThat(second.etag()).isNotEqualTo(first.etag());
      assertThat(new String(docs.file(e.ref(), "sub-page/index.html").orElseThrow(), StandardCharsets.UTF_8))
          .contains("Another page, edited");

      clock.advance(Duration.ofSeconds(61));
      assertThat(docs.sync(e).updated()).isFalse();
      assertThat(docs.buildLog(e.ref())).anyMatch(l -> l.endsWith("are up to date; nothing to build"));
    }
  }

  @Test
  void concurrentSyncsOfOneEntityBuildOnce() throws Exception {
    Path repo = repo("backstage-demo", "concurrent");
    Entity e = component("demo", "dir:.", "file:" + repo.resolve("catalog-info.yaml"));
    try (TechDocs docs = TechDocs.builder().publishDirectory(tmp.resolve("pub")).checkInterval(Duration.ZERO).build()) {
      var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
      try {
        List<java.util.concurrent.Future<TechDocs.SyncResult>> fs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
          fs.add(pool.submit(() -> docs.sync(e)));
        }
        int updated = 0;
        for (var f : fs) {
          updated += f.get().updated() ? 1 : 0;
        }
        assertThat(updated).isEqualTo(1);
      } finally {
        pool.shutdownNow();
      }
      assertThat(docs.search("mermaid", 100)).isNotEmpty()
          .allMatch(h -> h.entityRef().equals("component:default/demo"));
      // re-indexing replaced, not duplicated, the entity's entries
      int before = docs.searchIndex().size();
      Files.writeString(repo.resolve("docs/index.md"), "# TechDocs\n\nShorter now.\n");
      assertThat(docs.sync(e).updated()).isTrue();
      assertThat(docs.searchIndex().size()).isLessThan(before);
    }
  }

  @Test
  void searchRanksPagesAcrossEntitiesWithSnippets() throws IOException {
    Path a = repo("backstage-documented-component-2021", "a");
    Path b = repo("backstage-demo", "b");
    Entity ea = component("documented-component", "dir:.", "file:" + a.resolve("catalog-info.yaml"));
    Entity eb = component("demo", "dir:.", "file:" + b.resolve("catalog-info.yaml"));
    try (TechDocs docs = TechDocs.builder().publishDirectory(tmp.resolve("pub")).checkInterval(Duration.ZERO).build()) {
      docs.sync(ea);
      docs.sync(eb);
      List<SearchHit> hits = docs.search("admonitions", 10);
      assertThat(hits).isNotEmpty();
      assertThat(hits.get(0).entityRef()).isEqualTo("component:default/documented-component");
      assertThat(hits.get(0).location()).startsWith("extensions/");
      assertThat(hits.get(0).snippet()).contains("<mark>Admonitions</mark>");

      List<SearchHit> mermaid = docs.search("mermaid diagrams", 20);
      assertThat(mermaid).extracting(SearchHit::entityRef).contains("component:default/demo");
      assertThat(mermaid.get(0).entityRef()).isEqualTo("component:default/demo");
      // words found in both sites
      List<SearchHit> both = docs.search("TechDocs", 50);
      assertThat(both).extracting(SearchHit::entityRef)
          .contains("component:default/documented-component", "component:default/demo");
      for (int i = 1; i < both.size(); i++) {
        assertThat(both.get(i).score()).isLessThanOrEqualTo(both.get(i - 1).score());
      }
      // Lucene syntax in the user's words is taken literally
      // (a field query, a group, an operator and an open quote): the words are searched, the
      // syntax is not parsed, so the answer is the one for the bare words
      List<SearchHit> syntax = docs.search("title:(AND \"", 5);
      assertThat(syntax).isNotEmpty();
      assertThat(syntax).extracting(SearchHit::location)
          .isEqualTo(docs.search("title AND", 5).stream().map(SearchHit::location).toList());
      assertThat(docs.search("   ", 5)).isEmpty();
    }
  }

  @Test
  void publishedSitesAreIndexedAfterARestart() throws IOException {
    Path a = repo("mkdocs-techdocs-core-test-fixture", "fx");
    Entity e = component("fixture", "dir:.", "file:" + a.resolve("catalog-info.yaml"));
    try (TechDocs docs = TechDocs.builder().publishDirectory(tmp.resolve("pub")).build()) {
      docs.sync(e);
    }
    try (TechDocs docs = TechDocs.builder().publishDirectory(tmp.resolve("pub")).build()) {
      assertThat(docs.search("piece", 5)).isEmpty();
      assertThat(docs.sync(e).updated()).isFalse();
      assertThat(docs.search("piece", 5)).extracting(SearchHit::location).contains("");
    }
  }

  @Test
  void dirRefsStayInsideTheCatalogFilesFolder() {
    Entity up = component("x", "dir:../other", "file:/repo/sub/catalog-info.yaml");
    try (TechDocs docs = TechDocs.builder().publishDirectory(tmp.resolve("pub")).build()) {
      assertThatThrownBy(() -> docs.resolve(up)).isInstanceOf(TechDocsException.class)
          .hasMessageContaining("outside its parent").hasMessageContaining("component:default/x");
      assertThat(docs.resolve(component("x", "dir:./docs-root", "file:/repo/sub/catalog-info.yaml")))
          .isEqualTo(new DocsRef("dir", "/repo/sub/docs-root"));
      assertThat(docs.resolve(component("x", "dir:.", "url:https://github.com/o/r/blob/main/svc/catalog-info.yaml")))
          .isEqualTo(new DocsRef("url", "https://github.com/o/r/tree/main/svc/"));
      assertThatThrownBy(() -> docs.resolve(component("x", "github:o/r", "file:/a/b.yaml")))
          .hasMessageContaining("Invalid reference annotation");
    }
  }

  @Test
  void techdocsEntityPointsAtAnotherEntity() {
    Entity e = Entity.fromJson("""
        {"apiVersion":"backstage.io/v1alpha1","kind":"Component","metadata":{"name":"svc-a",
         "annotations":{"backstage.io/techdocs-entity":"system:default/platform"}},"spec":{}}
        """);
    try (TechDocs docs = TechDocs.builder().publishDirectory(tmp.resolve("pub")).build()) {
      assertThat(docs.externalEntity(e)).contains(EntityRef.of("system", "default", "platform"));
    }
  }

  /** An in-memory UrlReader over a map of URLs, answering NotFoundError for the rest. */
  static final class MapUrlReader implements UrlReader {
    final Map<String, byte[]> files = new HashMap<>();
    final List<String> reads = new ArrayList<>();

    @Override
    public ReadResponse read(String url, @Nullable String etag, long maxBytes) {
      reads.add(url);
      byte[] b = files.get(url);
      if (b == null) {
        throw new ProcessingException(ProcessingError.notFound("Unable to read " + url + ", 404 Not Found"));
      }
      return ReadResponse.of(b, null);
    }
  }

  @Test
  void urlSourcesAreReadThroughTheUrlReader() throws IOException {
    MapUrlReader reader = new MapUrlReader();
    String base = "https://docs.example.com/repo/";
    Path src = Corpus.dir("backstage-documented-component-2021");
    try (Stream<Path> s = Files.walk(src)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        reader.files.put(base + src.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
      }
    }
    Entity e = component("remote", "url:" + base, "url:https://docs.example.com/repo/catalog-info.yaml");
    try (TechDocs docs = TechDocs.builder().publishDirectory(tmp.resolve("pub")).urlReader(reader).build()) {
      TechDocs.SyncResult r = docs.sync(e);
      assertThat(r.updated()).isTrue();
      assertThat(r.site().pages()).containsExactly("", "sub-page/", "code/code-sample/", "extensions/");
      assertThat(reader.reads).contains(base + "mkdocs.yaml", base + "mkdocs.yml", base + "docs/images/backstage-logo-cncf.svg");
      assertThat(SiteCheck.check(r.site().files())).hasSize(1);
    }
    MapUrlReader empty = new MapUrlReader();
    try (TechDocs docs = TechDocs.builder().publishDirectory(tmp.resolve("pub2")).urlReader(empty).build()) {
      assertThatThrownBy(() -> docs.sync(e)).isInstanceOf(TechDocsException.class)
          .hasMessageContaining("No mkdocs.yaml or mkdocs.yml found at " + base)
          .hasMessageContaining("component:default/remote");
    }
  }

  @Test
  void aSourceWithoutConfigGetsBackstagesDefault() throws IOException {
    Path root = tmp.resolve("noconfig");
    Files.createDirectories(root.resolve("docs"));
    Files.writeString(root.resolve("docs/index.md"), "Just text, no heading.\n");
    Files.writeString(root.resolve("catalog-info.yaml"), "#\n");
    Entity e = component("bare", "dir:.", "file:" + root.resolve("catalog-info.yaml"));
    try (TechDocs docs = TechDocs.builder().publishDirectory(tmp.resolve("pub")).build()) {
      var site = docs.sync(e).site();
      assertThat(site.siteName()).isEqualTo("bare");
      assertThat(new String(site.files().get("index.html"), StandardCharsets.UTF_8)).contains("<title>bare</title>");
    }
  }
}
