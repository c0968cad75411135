package dev.greenroom.techdocs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.techdocs.render.LinkRewriter;
import dev.greenroom.techdocs.render.MarkdownRenderer;
import dev.greenroom.techdocs.render.RenderedPage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MarkdownRendererTest {
  private final MarkdownRenderer renderer = new MarkdownRenderer();

  private String html(String md) {
    return renderer.render(md, LinkRewriter.NONE).html();
  }

  @Test
  void admonitionsWithTitlesAndNestedContent() {
    assertThat(html("!!! tip \"Read this\"\n    - one\n    - two\n\n    More text.\n\nAfter.\n")).isEqualTo("""
        <div class="admonition tip"><p class="admonition-title">Read this</p>
        <ul>
        <li>one</li>
        <li>two</li>
        </ul>
        <p>More text.</p>
        </div>
        <p>After.</p>
        """);
    assertThat(html("!!! note \"\"\n    No title.\n")).isEqualTo("<div class=\"admonition note\">\n<p>No title.</p>\n</div>\n");
    assertThat(html("!!! Warning\n    Careful.\nUnindented ends it.\n"))
        .isEqualTo("<div class=\"admonition warning\"><p class=\"admonition-title\">Warning</p>\n<p>Careful.</p>\n</div>\n<p>Unindented ends it.</p>\n");
    assertThat(html("??? info \"More\"\n    Hidden.\n")).startsWith("<details class=\"info\"><summary>More</summary>");
    assertThat(html("???+ info\n    Shown.\n")).startsWith("<details class=\"info\" open><summary>Info</summary>");
    // not admonitions
    assertThat(html("!!!note\n")).isEqualTo("<p>!!!note</p>\n");
    assertThat(html("    !!! note\n")).startsWith("<pre><code>");
    // not an admonition either; the raw script tag is removed by the sanitizer (issue 18, item 10)
    assertThat(html("!!! note <script>\n")).isEqualTo("<p>!!! note </p>");
  }

  @Test
  void titlesAreEscaped() {
    assertThat(html("!!! note \"<b>x</b>\"\n    y\n")).contains("<p class=\"admonition-title\">&lt;b&gt;x&lt;/b&gt;</p>");
  }

  @Test
  void headingIdsAreUniqueAndFeedTheTocAndSections() {
    RenderedPage p = renderer.render("Intro text.\n\n# Title\n\n## Setup\n\nA `b` c.\n\n## Setup\n\n| h |\n|---|\n| cell |\n", LinkRewriter.NONE);
    assertThat(p.firstH1()).isEqualTo("Title");
    assertThat(p.headings()).extracting(RenderedPage.Heading::id).containsExactly("title", "setup", "setup-1");
    assertThat(p.html()).contains("<h2 id=\"setup-1\">Setup</h2>");
    assertThat(p.sections()).extracting(RenderedPage.Section::text).containsExactly("Intro text.", "", "A b c.", "h cell");
    assertThat(p.sections().get(0).heading()).isNull();
    assertThat(p.text()).isEqualTo("Intro text. Title Setup A b c. Setup h cell");
  }

  @Test
  void linksAndImagesGoThroughTheRewriter() {
    List<String> seen = new ArrayList<>();
    RenderedPage p = renderer.render("[a](a.md#x) ![i](img/p.png) <https://x.org>\n", (dest, image) -> {
      seen.add(dest + (image ? " image" : " link"));
      return image ? "../" + dest : dest.replace(".md", "/");
    });
    assertThat(seen).containsExactly("a.md#x link", "img/p.png image", "https://x.org link");
    assertThat(p.html()).contains("<a href=\"a/#x\">a</a>").contains("<img src=\"../img/p.png\" alt=\"i\">");
  }

  @Test
  void attributeListsAfterLinksAndImages() {
    assertThat(html("[code](f.py){: download=\"hello.py\" onclick=\"x()\" .btn #dl} after\n"))
        .isEqualTo("<p><a href=\"f.py\" download=\"hello.py\" id=\"dl\" class=\"btn\">code</a> after</p>\n");
    assertThat(html("![i](p.png){ width='40' }\n")).isEqualTo("<p><img src=\"p.png\" alt=\"i\" width=\"40\"></p>\n");
    assertThat(html("[a](b){not attributes}\n")).isEqualTo("<p><a href=\"b\">a</a>{not attributes}</p>\n");
  }

  @Test
  void taskLists() {
    assertThat(html("- [x] done\n- [ ] open\n- [y] not a task\n")).isEqualTo("""
        <ul>
        <li class="task-list-item"><input checked disabled type="checkbox"> done</li>
        <li class="task-list-item"><input disabled type="checkbox"> open</li>
        <li>[y] not a task</li>
        </ul>
        """);
  }

  @Test
  void fencedCodeKeepsItsLanguage() {
    assertThat(html("```python\nprint(1 < 2)\n```\n"))
        .isEqualTo("<pre><code class=\"language-python\">print(1 &lt; 2)\n</code></pre>\n");
  }

  @Test
  void oversizedPagesAreRefused() {
    assertThatThrownBy(() -> renderer.render("x".repeat(MarkdownRenderer.MAX_CHARS + 1), LinkRewriter.NONE))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
