package dev.greenroom.techdocs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.model.Entity;
import dev.greenroom.techdocs.render.HtmlSanitizer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression tests for security issue 18, item 10: raw HTML in docs comes out without scripts,
 * handlers, frames or {@code javascript:} URLs, and what MkDocs Material's markup needs stays.
 */
class SanitizedHtmlTest {
  @TempDir Path tmp;

  static final String PAGE = """
      # Hostile page

      <script>alert('page')</script>
      <img src="x.png" onerror="alert('img')" alt="pic">
      <a href="javascript:alert('link')">click</a>
      <a href="JaVaScRiPt:alert(2)">click2</a>
      <iframe src="https://evil.example/"></iframe>
      <meta http-equiv="refresh" content="0;url=https://evil.example/">
      <div onclick="alert(3)" class="note" style="position:fixed">styled</div>
      <svg><script>alert(4)</script></svg>
      <form action="https://evil.example/"><input name="q"></form>
      <object data="x.swf"></object><embed src="x.swf"><base href="https://evil.example/">

      ## Section two

      !!! note "Heads up"
          An admonition body.

      ??? tip "Open me"
          Hidden text.

      ```java
      class A { String s = "<script>"; }
      ```

      | a | b |
      |---|---|
      | 1 | 2 |

      - [x] done
      - [ ] todo

      [relative](other.md) [anchor](#section-two) [web](https://example.com/) [mail](mailto:a@example.com)

      <details class="info"><summary>More</summary><p>inside</p></details>
      """;

  @Test
  void hostileHtmlInAPageComesOutClean() throws Exception {
    Path repo = tmp.resolve("repo");
    Files.createDirectories(repo.resolve("docs"));
    Files.writeString(repo.resolve("mkdocs.yml"), """
        site_name: Hostile
        repo_url: https://git.example.com/o/r
        edit_uri: "javascript:alert('edit')//"
        nav:
          - Home: index.md
          - Other: other.md
          - Evil: "javascript:alert('nav')"
        """);
    Files.writeString(repo.resolve("docs/index.md"), PAGE);
    Files.writeString(repo.resolve("docs/other.md"), "# Other\n");
    Files.writeString(repo.resolve("docs/raw.html"),
        "<html><head><title>Raw</title><meta http-equiv=\"refresh\" content=\"0;url=/x\">"
            + "<script src=\"/evil.js\"></script></head><body onload=\"alert(5)\"><h1 id=\"r\">Raw</h1>"
            + "<iframe src=\"https://evil.example/\"></iframe></body></html>");
    Files.writeString(repo.resolve("catalog-info.yaml"), "#\n");
    Entity e = TechDocsTest.component("hostile", "dir:.", "file:" + repo.resolve("catalog-info.yaml"));
    try (TechDocs docs = TechDocs.builder().publishDirectory(tmp.resolve("pub")).build()) {
      docs.sync(e);
      String html = new String(docs.file(e.ref(), "index.html").orElseThrow(), StandardCharsets.UTF_8);
      String lower = html.toLowerCase(java.util.Locale.ROOT);
      assertThat(lower).doesNotContain("<script", "onerror", "onclick", "onload", "javascript:",
          "<iframe", "http-equiv", "<form", "<object", "<embed", "<base", "<svg", "style=\"position");
      assertThat(lower).doesNotContain("alert(");
      // what the TechDocs reader and MkDocs Material's markup need is still there
      assertThat(html).contains("<h1 id=\"hostile-page\">Hostile page</h1>",
          "<h2 id=\"section-two\">Section two</h2>",
          "<a href=\"#section-two\" class=\"md-nav__link md-toc__link\">Section two</a>",
          "<div class=\"admonition note\">", "<p class=\"admonition-title\">Heads up</p>",
          "<details class=\"tip\">", "<summary>Open me</summary>",
          "<code class=\"language-java\">", "&lt;script&gt;",
          "<table>", "<th>a</th>", "<td>2</td>",
          "<img src=\"x.png\" alt=\"pic\">",
          "<div class=\"note\">styled</div>",
          "<details class=\"info\"><summary>More</summary><p>inside</p></details>",
          "href=\"other/\"", "href=\"#section-two\"", "href=\"https://example.com/\"",
          "href=\"mailto:a@example.com\"", "class=\"md-nav__link\"",
          "<link rel=\"stylesheet\"", "<title>Hostile</title>");
      assertThat(html).contains("<li class=\"task-list-item\"><input checked disabled type=\"checkbox\"> done</li>");

      String raw = new String(docs.file(e.ref(), "raw.html").orElseThrow(), StandardCharsets.UTF_8);
      assertThat(raw.toLowerCase(java.util.Locale.ROOT))
          .doesNotContain("<script", "onload", "<iframe", "http-equiv")
          .contains("<title>raw</title>", "<h1 id=\"r\">raw</h1>");
    }
  }

  @Test
  void chromeUrlsKeepOnlySafeSchemes() {
    assertThat(HtmlSanitizer.safeUrl("javascript:alert(1)")).isEqualTo("#");
    assertThat(HtmlSanitizer.safeUrl(" JavaScript:alert(1)")).isEqualTo("#");
    assertThat(HtmlSanitizer.safeUrl("java\tscript:alert(1)")).isEqualTo("#");
    assertThat(HtmlSanitizer.safeUrl("data:text/html,x")).isEqualTo("#");
    assertThat(HtmlSanitizer.safeUrl("https://git.example.com/edit/x.md")).isEqualTo("https://git.example.com/edit/x.md");
    assertThat(HtmlSanitizer.safeUrl("../a/b:c")).isEqualTo("../a/b:c");
    assertThat(HtmlSanitizer.safeUrl("#x")).isEqualTo("#x");
  }
}
