package dev.greenroom.techdocs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.techdocs.source.MkDocsConfig;
import dev.greenroom.techdocs.source.MkDocsConfigReader;
import dev.greenroom.techdocs.source.NavItem;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MkDocsConfigReaderTest {
  private static MkDocsConfig read(String yaml) {
    return MkDocsConfigReader.read("mkdocs.yml", yaml.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void nestedNavWithLinksAndIncludes() {
    MkDocsConfig c = read("""
        site_name: S
        docs_dir: ./site-docs/
        repo_url: https://github.com/o/r
        edit_uri: edit/main/site-docs
        plugins:
          - techdocs-core
          - search: {lang: en}
        nav:
          - index.md
          - Guide:
              - Start: guide/start.md
              - Deeper:
                  - guide/deep.md
          - Backstage: https://backstage.io
          - Sub: '!include sub/mkdocs.yml'
        """);
    assertThat(c.docsDir()).isEqualTo("site-docs");
    assertThat(c.plugins()).containsExactly("techdocs-core", "search");
    assertThat(c.usesTechdocsCore()).isTrue();
    assertThat(c.repoUrl()).isEqualTo("https://github.com/o/r");
    assertThat(c.editUri()).isEqualTo("edit/main/site-docs");
    assertThat(c.nav()).containsExactly(
        new NavItem.Page(null, "index.md"),
        new NavItem.Section("Guide", java.util.List.of(
            new NavItem.Page("Start", "guide/start.md"),
            new NavItem.Section("Deeper", java.util.List.of(new NavItem.Page(null, "guide/deep.md"))))),
        new NavItem.Link("Backstage", "https://backstage.io"),
        new NavItem.Include("Sub", "sub/mkdocs.yml"));
  }

  @Test
  void customTagsAreReadAsPlainValues() {
    MkDocsConfig c = read("""
        site_name: Tags
        copyright: !ENV [COPYRIGHT, "Fallback"]
        extra: !include extra.yml
        markdown_extensions:
          - pymdownx.superfences:
              custom_fences:
                - name: mermaid
                  format: !!python/name:pymdownx.superfences.fence_code_format
        """);
    assertThat(c.raw().path("extra").asString()).isEqualTo("extra.yml");
    assertThat(c.raw().path("copyright").get(1).asString()).isEqualTo("Fallback");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/etc", "../", "docs/../../x", "C:/docs", "~/docs"})
  void docsDirOutsideTheSourceIsRefused(String dir) {
    assertThatThrownBy(() -> read("site_name: S\ndocs_dir: '" + dir + "'\n"))
        .isInstanceOf(TechDocsException.class)
        .hasMessageContaining("mkdocs.yml: docs_dir '" + dir + "'")
        .hasMessageContaining("security");
  }

  @Test
  void missingSiteNameNamesFileAndField() {
    assertThatThrownBy(() -> read("docs_dir: docs\n"))
        .isInstanceOf(TechDocsException.class).hasMessage("mkdocs.yml: site_name is required");
  }

  @Test
  void badNavEntryNamesItsPosition() {
    assertThatThrownBy(() -> read("site_name: S\nnav:\n  - a.md\n  - {A: 1}\n"))
        .isInstanceOf(TechDocsException.class).hasMessageContaining("nav[1] 'A' must be a page path, a URL or a list");
  }

  @Test
  void limits() {
    byte[] big = new byte[MkDocsConfigReader.MAX_BYTES + 1];
    java.util.Arrays.fill(big, (byte) '#');
    assertThatThrownBy(() -> MkDocsConfigReader.read("mkdocs.yml", big)).hasMessageContaining("larger than the limit");
    String deep = "site_name: S\nx: " + "[".repeat(200) + "]".repeat(200) + "\n";
    assertThatThrownBy(() -> read(deep)).isInstanceOf(TechDocsException.class).hasMessageContaining("not valid YAML");
    assertThatThrownBy(() -> read("site_name: [unclosed\n")).isInstanceOf(TechDocsException.class)
        .hasMessageContaining("mkdocs.yml is not valid YAML");
    assertThatThrownBy(() -> read("- a\n- b\n")).hasMessageContaining("must be a YAML mapping");
  }
}
