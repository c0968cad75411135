package dev.greenroom.http.techdocs;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
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
      assertThat(fx.get(base + "assets/stylesheets/techdocs.css").headers().firstValue("content-type"))
          .hasValue("text/css; charset=utf-8");
    }
  }
}
