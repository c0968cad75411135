package dev.greenroom.http.techdocs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A built page opened by a real browser: the server runs with the TechDocs plugin on a free port,
 * headless Chromium loads the page and dumps its DOM, and the title and headings are read from it.
 */
class BrowserRenderTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  @TempDir Path tmp;

  static String dumpDom(Path profile, String url) throws IOException, InterruptedException {
    List<String> cmd = List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--user-data-dir=" + profile, "--dump-dom", url);
    Path out = Files.createTempFile(profile.getParent(), "dom", ".html");
    Path err = Files.createTempFile(profile.getParent(), "chromium", ".log");
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("chromium did not finish in 90 s: " + Files.readString(err));
    }
    String dom = Files.readString(out, StandardCharsets.UTF_8);
    if (p.exitValue() != 0 || dom.isBlank()) {
      throw new AssertionError("chromium exited " + p.exitValue() + ": " + Files.readString(err));
    }
    return dom;
  }

  static List<String> headings(String dom, String tag) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("<" + tag + "[^>]*>(.*?)</" + tag + ">", Pattern.DOTALL).matcher(dom);
    while (m.find()) {
      out.add(m.group(1).replaceAll("<[^>]+>", "").trim());
    }
    return out;
  }

  @Test
  void chromiumRendersBuiltPages() throws Exception {
    assumeTrue(Files.isExecutable(CHROMIUM),
        "headless Chromium is not installed at " + CHROMIUM + " (Debian package 'chromium'; .ci/run installs it)");
    try (DocsFixture fx = new DocsFixture(tmp, false)) {
      assertThat(fx.get("/api/techdocs/sync/default/component/documented-component").body()).contains("{\"updated\":true}");
      String base = fx.url("/api/techdocs/static/docs/default/component/documented-component/").toString();
      Path profile = tmp.resolve("chromium-profile");
      Files.createDirectories(profile);

      String home = dumpDom(profile, base + "index.html");
      assertThat(home).contains("<title>Example Documentation</title>");
      assertThat(headings(home, "h1")).containsExactly("Welcome!");
      assertThat(headings(home, "h2")).containsExactly("Basic Markdown", "Image Example", "Table Example");
      // the stylesheet loaded under the page's CSP: the browser applied it to the nav
      assertThat(home).contains("class=\"md-nav__link\"");

      String ext = dumpDom(profile, base + "extensions/");
      assertThat(ext).contains("<title>Extensions - Example Documentation</title>");
      assertThat(headings(ext, "h1")).containsExactly("Plugins &amp; Extensions");
      assertThat(headings(ext, "h2")).contains("Admonitions", "PlantUML", "Pymdownx Extensions");
      assertThat(ext).contains("<p class=\"admonition-title\">Note</p>");
    }
  }
}
