package dev.greenroom.techdocs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.techdocs.build.GeneratedSite;
import dev.greenroom.techdocs.build.SiteCheck;
import dev.greenroom.techdocs.build.SiteGenerator;
import dev.greenroom.techdocs.source.DocsRef;
import dev.greenroom.techdocs.source.DocsRefResolver;
import dev.greenroom.techdocs.source.MkDocsConfig;
import dev.greenroom.techdocs.source.MkDocsConfigReader;
import dev.greenroom.techdocs.source.SourceFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The edge fixtures behave as the corpus' SOURCES.md records. */
class EdgeFixturesTest {
  private static final String GEN = "edge/techdocs-common-generate-fixtures-2021/";
  private static final String MONO = "edge/mkdocs-monorepo-plugin/";

  private static byte[] bytes(String path) throws IOException {
    return Files.readAllBytes(Corpus.dir(path));
  }

  @Test
  void plainConfigValidatesWithDefaultDocsDir() throws IOException {
    MkDocsConfig c = MkDocsConfigReader.read("mkdocs.yml", bytes(GEN + "mkdocs.yml"));
    assertThat(c.siteName()).isEqualTo("Test site name");
    assertThat(c.siteDescription()).isEqualTo("Test site description");
    assertThat(c.docsDir()).isEqualTo("docs");
    assertThat(c.nav()).isNull();
  }

  @Test
  void absoluteDocsDirIsRefused() throws IOException {
    assertThatThrownBy(() -> MkDocsConfigReader.read("mkdocs_invalid_doc_dir.yml", bytes(GEN + "mkdocs_invalid_doc_dir.yml")))
        .isInstanceOf(TechDocsException.class)
        .hasMessageContaining("mkdocs_invalid_doc_dir.yml: docs_dir '/etc' must be a relative path")
        .hasMessageContaining("security");
  }

  @Test
  void pythonNameTagsAreTolerated() throws IOException {
    MkDocsConfig c = MkDocsConfigReader.read("mkdocs_with_extensions.yml", bytes(GEN + "mkdocs_with_extensions.yml"));
    assertThat(c.siteName()).isEqualTo("Test site name");
    var emoji = c.raw().path("markdown_extensions").get(0).path("pymdownx.emoji");
    assertThat(emoji.has("emoji_index")).isTrue();
    assertThat(emoji.has("emoji_generator")).isTrue();
  }

  @Test
  void repoUrlIsFilledForGithubSourcesButNeverOverridden() throws IOException {
    DocsRefResolver resolver = DocsRefResolver.defaults();
    DocsRef github = new DocsRef("url", "https://github.com/backstage/backstage/tree/master/plugins/techdocs-backend/examples/documented-component");
    assertThat(resolver.defaultRepoUrl(github)).isEqualTo("https://github.com/backstage/backstage");
    assertThat(resolver.defaultRepoUrl(new DocsRef("url", "https://example.com/docs/"))).isNull();

    for (String name : List.of("mkdocs.yml", "mkdocs_with_extensions.yml", "mkdocs_with_repo_url.yml")) {
      Map<String, byte[]> files = Map.of("mkdocs.yml", bytes(GEN + name), "docs/index.md", "# Hi\n".getBytes());
      List<String> log = new ArrayList<>();
      GeneratedSite site = new SiteGenerator().generate(
          SourceFiles.of("t", files), "x", "https://github.com/other/repo", 1L, log::add);
      boolean hadRepo = name.equals("mkdocs_with_repo_url.yml");
      assertThat(log.stream().anyMatch(l -> l.startsWith("Setting repo_url"))).as(name).isEqualTo(!hadRepo);
    }
  }

  @Test
  void monorepoIncludeWithConflictingReadmeBuilds() {
    GeneratedSite site = Corpus.build(MONO + "ok-conflict");
    assertThat(Corpus.text(site, "index.html")).contains("Lorem markdownum aequora Famemque");
    assertThat(Corpus.text(site, "test/index.html"))
        .contains("This contains a sentence which only exists in the ok/project-a fixture.");
    assertThat(Corpus.text(site, "index.html")).contains("<span class=\"md-nav__section-title\">Hello</span>")
        .contains("<a href=\"test/\" class=\"md-nav__link\">Home</a>");
    assertThat(SiteCheck.check(site.files())).isEmpty();
  }

  @Test
  void monorepoIncludeWithoutNavTitleCasesFolders() {
    GeneratedSite site = Corpus.build(MONO + "ok-include-path-no-nav");
    assertThat(site.files()).containsKeys("test/index.html", "test/small-small/test/index.html");
    assertThat(Corpus.text(site, "test/index.html"))
        .contains("This contains a sentence which only exists in the ok-include-path-no-nav/project-a fixture.");
    assertThat(Corpus.text(site, "index.html")).contains("<span class=\"md-nav__section-title\">Small small</span>");
    assertThat(SiteCheck.check(site.files())).isEmpty();
  }

  @Test
  void monorepoIncludeOfAMissingFileFails() {
    assertThatThrownBy(() -> Corpus.build(MONO + "error-include-path-not-found"))
        .isInstanceOf(TechDocsException.class)
        .hasMessageContaining("[mkdocs-monorepo] The file path project-a/mkdocs.yml")
        .hasMessageContaining("does not exist, is not valid YAML, or does not contain a valid 'site_name' and 'nav' keys.");
  }

  @Test
  void monorepoIncludeWithoutSiteNameFails() {
    assertThatThrownBy(() -> Corpus.build(MONO + "error-include-path-no-site-name"))
        .isInstanceOf(TechDocsException.class)
        .hasMessageContaining("[mkdocs-monorepo] The file path project-a/mkdocs.yml does not contain a valid 'site_name' key in the YAML file");
  }
}
