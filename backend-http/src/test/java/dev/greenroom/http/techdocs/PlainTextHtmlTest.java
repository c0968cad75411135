package dev.greenroom.http.techdocs;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With Backstage's content-type rule, HTML, XML and SVG are served as plain text. */
class PlainTextHtmlTest {
  @TempDir Path tmp;

  @Test
  void htmlAndXmlAreServedAsPlainText() {
    try (DocsFixture fx = new DocsFixture(tmp, true)) {
      fx.get("/api/techdocs/sync/default/component/documented-component");
      String base = "/api/techdocs/static/docs/default/component/documented-component/";
      HttpResponse<String> html = fx.get(base + "index.html");
      assertThat(html.headers().firstValue("content-type")).hasValue("text/plain; charset=utf-8");
      assertThat(html.body()).contains("<h1 id=\"welcome\">Welcome!</h1>");
      assertThat(fx.get(base + "sitemap.xml").headers().firstValue("content-type")).hasValue("text/plain; charset=utf-8");
      String css = stylesheet(html.body());
      assertThat(fx.get(base + css).headers().firstValue("content-type"))
          .hasValue("text/css; charset=utf-8");
    }
  }

  /** The stylesheet a page links, as the TechDocs reader keeps it ({@code main.<hash>.min.css}). */
  static String stylesheet(String html) {
    Matcher m = Pattern
        .compile("<link rel=\"stylesheet\" href=\"(assets/stylesheets/main\\.[a-f0-9]{8}\\.min\\.css)\"")
        .matcher(html);
    assertThat(m.find()).as("a stylesheet link named as mkdocs-material names its own, in %s", html).isTrue();
    return m.group(1);
  }
}
