package dev.greenroom.techdocs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.techdocs.build.GeneratedSite;
import dev.greenroom.techdocs.build.SiteCheck;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The real docs projects of the corpus build into TechDocs' layout and pass the site check. */
class CorpusSitesTest {

  @Test
  void documentedComponentBuildsInFolderStyleWithNavTitles() {
    GeneratedSite site = Corpus.build("backstage-documented-component-2021");
    assertThat(site.files()).containsKeys(
        "index.html", "sub-page/index.html", "code/code-sample/index.html", "extensions/index.html",
        "404.html", "sitemap.xml", "sitemap.xml.gz", "search/search_index.json", "techdocs_metadata.json");
    // The TechDocs reader's sanitizer drops every <link> but mkdocs-material's main.<8 hex>.min.css
    // (plugin-techdocs, reader/transformers/html/hooks/links): the one stylesheet is named so
    assertThat(site.files().keySet().stream().filter(f -> f.endsWith(".css")))
        .singleElement().asString().matches("assets/stylesheets/main\\.[a-f0-9]{8}\\.min\\.css");
    assertThat(site.files().keySet()).noneMatch(f -> f.endsWith(".md"));
    assertThat(site.pages()).containsExactly("", "sub-page/", "code/code-sample/", "extensions/");

    String index = Corpus.text(site, "index.html");
    assertThat(index).contains("<title>Example Documentation</title>");
    // relative .md links rewritten to folder-style URLs
    assertThat(index).contains("href=\"sub-page/\"").contains("href=\"code/code-sample/\"");
    assertThat(index).contains("<h2 id=\"basic-markdown\">Basic Markdown</h2>");
    assertThat(index).contains("<table>").contains("<th>Topic</th>");
    assertThat(index).contains("<a href=\"#table-example\" class=\"md-nav__link md-toc__link\">Table Example</a>");
    // MkDocs Material's frame, in the order the TechDocs reader's transformers look for it
    assertThat(index).containsSubsequence(
        "<header class=\"md-header\"",
        "<div class=\"md-container\"",
        "<main class=\"md-main\"",
        "<div class=\"md-main__inner md-grid\">",
        "<div class=\"md-sidebar md-sidebar--primary\"",
        "<nav class=\"md-nav md-nav--primary\"",
        "<div class=\"md-sidebar md-sidebar--secondary\"",
        "<nav class=\"md-nav md-nav--secondary\"",
        "<div class=\"md-content\" data-md-component=\"content\">",
        "<article class=\"md-content__inner md-typeset\">",
        "</main>",
        "<footer class=\"md-footer\">");
    org.jsoup.nodes.Document dom = org.jsoup.Jsoup.parse(index);
    assertThat(dom.select(".md-container > .md-main > .md-main__inner > .md-sidebar--primary"
        + " .md-nav--primary .md-nav__link")).isNotEmpty();
    assertThat(dom.select(".md-main__inner > .md-sidebar--secondary .md-nav--secondary"
        + " .md-nav__link[href=#table-example]")).hasSize(1);
    assertThat(dom.select(".md-main__inner > .md-content > article.md-content__inner h1"))
        .isNotEmpty();
    assertThat(dom.select(".md-container > .md-footer")).hasSize(1);
    // the nav titles of mkdocs.yml, relative from a nested page
    String code = Corpus.text(site, "code/code-sample/index.html");
    assertThat(code).contains("<title>Code Sample - Example Documentation</title>");
    assertThat(code).contains("<a href=\"../../sub-page/\" class=\"md-nav__link\">Subpage</a>");
    assertThat(code).contains("<code class=\"language-typescript\">");
    assertThat(code).containsPattern("<link rel=\"stylesheet\" href=\"\\.\\./\\.\\./assets/stylesheets/main\\.[a-f0-9]{8}\\.min\\.css\">");

    String ext = Corpus.text(site, "extensions/index.html");
    assertThat(ext).contains("<div class=\"admonition warn\"><p class=\"admonition-title\">Warn</p>");
    assertThat(ext).contains("<div class=\"admonition note\">");
    assertThat(ext).contains("<details class=\"note\"><summary>What is 4 plus 4?</summary>");
    assertThat(ext).contains("<details class=\"note\" open><summary>How do I get support?</summary>");
    // the fenced example of an admonition stays code
    assertThat(ext).contains("<pre><code>!!! warn\n    Defining admonitions can be addicting.\n</code></pre>");
  }

  @Test
  void documentedComponentFailsOnlyOnTheImageOmittedFromTheCorpus() {
    GeneratedSite site = Corpus.build("backstage-documented-component-2021");
    List<SiteCheck.Problem> problems = SiteCheck.check(site.files());
    assertThat(problems).extracting(SiteCheck.Problem::detail)
        .containsExactly("images/backstage-logo-cncf.svg: no file images/backstage-logo-cncf.svg");
    assertThat(Corpus.text(site, "index.html")).contains("<img src=\"images/backstage-logo-cncf.svg\" alt=\"Backstage Logo\">");
    assertThat(site.warnings()).anyMatch(w -> w.contains("backstage-logo-cncf.svg"));
  }

  @Test
  void metadataAndSearchIndexHaveTechDocsShape() {
    GeneratedSite site = Corpus.build("backstage-documented-component-2021");
    JsonNode meta = Json.mapper().readTree(site.files().get("techdocs_metadata.json"));
    assertThat(meta.path("site_name").asString()).isEqualTo("Example Documentation");
    assertThat(meta.path("site_description").asString()).isEqualTo("None");
    assertThat(meta.path("build_timestamp").asLong()).isEqualTo(1_700_000_000_000L);
    assertThat(meta.path("etag").asString()).isEqualTo(Corpus.load("backstage-documented-component-2021").etag()).hasSize(64);
    List<String> files = new ArrayList<>();
    meta.path("files").forEach(f -> files.add(f.asString()));
    assertThat(files).containsExactlyInAnyOrderElementsOf(site.files().keySet());

    JsonNode index = Json.mapper().readTree(site.files().get("search/search_index.json"));
    assertThat(index.path("config").path("lang").get(0).asString()).isEqualTo("en");
    List<String> locations = new ArrayList<>();
    index.path("docs").forEach(d -> locations.add(d.path("location").asString()));
    assertThat(locations).contains("", "sub-page/", "code/code-sample/", "extensions/", "#basic-markdown",
        "extensions/#admonitions");
    JsonNode first = index.path("docs").get(0);
    assertThat(first.path("title").asString()).isEqualTo("Home");
    assertThat(first.path("text").asString()).contains("This is a basic example of documentation.").doesNotContain("<");
  }

  @Test
  void demoWithoutNavTakesItsPagesFromTheFolder() {
    GeneratedSite site = Corpus.build("backstage-demo");
    assertThat(site.pages()).containsExactly(
        "", "examples/basic/", "examples/code/", "examples/download/", "examples/iframe/", "examples/lists/",
        "examples/mermaid-github/", "examples/mermaid/", "examples/plantuml/");
    String index = Corpus.text(site, "index.html");
    assertThat(index).contains("<title>Backstage Demo</title>");
    assertThat(index).contains("<span class=\"md-nav__section-title\">Examples</span>");
    assertThat(index).contains("<a href=\"examples/basic/\" class=\"md-nav__link\">Basic Markdown</a>");
    assertThat(index).contains("href=\"examples/mermaid-github/\"");
    assertThat(Corpus.text(site, "examples/download/index.html"))
        .contains("<a href=\"../files/sample1.py\" download=\"hello.py\">Hello world code sample</a></p>");
    assertThat(SiteCheck.check(site.files())).extracting(SiteCheck.Problem::detail)
        .containsExactly("../files/sample1.py: no file examples/files/sample1.py");
  }

  @Test
  void techdocsCoreFixtureIsClean() {
    GeneratedSite site = Corpus.build("mkdocs-techdocs-core-test-fixture");
    assertThat(SiteCheck.check(site.files())).isEmpty();
    assertThat(site.warnings()).isEmpty();
    String index = Corpus.text(site, "index.html");
    assertThat(index).contains("<h1 id=\"home\">Home</h1>").contains("This is a piece of documentation.");
    assertThat(index).contains(
        "href=\"https://github.com/backstage/mkdocs-techdocs-core/edit/main/test-fixtures/docs/index.md\"");
    JsonNode meta = Json.mapper().readTree(site.files().get("techdocs_metadata.json"));
    assertThat(meta.path("site_description").asString()).isEqualTo("Used as a simple end-to-end test of the techdocs-core plugin.");
  }

  @Test
  void theSameSourceGivesTheSameEtagAndAnEditGivesAnother() {
    var a = Corpus.load("backstage-demo");
    var b = Corpus.load("backstage-demo");
    assertThat(a.etag()).isEqualTo(b.etag());
    var files = new java.util.TreeMap<>(a.files());
    files.put("docs/index.md", "# changed".getBytes());
    assertThat(dev.greenroom.techdocs.source.SourceFiles.of("x", files).etag()).isNotEqualTo(a.etag());
  }
}
