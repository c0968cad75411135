package dev.greenroom.integrations.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.greenroom.catalog.processing.ProcessingException;
import dev.greenroom.catalog.processing.location.UrlReader;
import dev.greenroom.integrations.GithubIntegrationConfig;
import dev.greenroom.integrations.ReadLimits;
import dev.greenroom.integrations.Secret;
import dev.greenroom.testsupport.NodeConformance;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Backstage's own {@code GithubUrlReader} ({@code @backstage/backend-defaults}, pinned in {@code
 * src/test/node/package-lock.json}) reads a file, a tree and a glob from {@link FakeGithub} as a
 * GitHub Enterprise host, and Greenroom's {@link GithubUrlReader} must read the same: contents,
 * tree paths and ETag, "not modified" answers, search URLs and a NotFoundError for a missing file.
 * This checks the fake against the reader it stands in for, and our reader against Backstage's.
 *
 * <p>Needs {@code node} (20+) and {@code npm}; skipped when either is missing.
 */
class GithubReaderConformanceTest {
  static final String TOKEN = "ghp_conformanceT0kenConformanceT0ken01";
  static final String SCRIPT = "github-reader-conformance.mjs";

  FakeGithub github;

  @BeforeEach
  void start() throws Exception {
    Path fixture = Path.of(getClass().getResource("/github-fixture/catalog").toURI());
    github = new FakeGithub(fixture).token(TOKEN);
  }

  @AfterEach
  void stop() {
    github.close();
  }

  @Test
  @Timeout(value = 15, unit = TimeUnit.MINUTES)
  void backstagesReaderAndOursReadTheSameFromTheFake() throws Exception {
    Path nodeDir = NodeConformance.install(Path.of("").toAbsolutePath(), SCRIPT);
    String file = github.webUrl("blob/main/components/searcher/catalog-info.yaml");
    String tree = github.webUrl("tree/main/documented-component");
    String glob = github.webUrl("blob/main/**/catalog-info.yaml");
    String missing = github.webUrl("blob/main/nope.yaml");
    ObjectNode args = JsonMapper.builder().build().createObjectNode()
        .put("host", github.host()).put("apiBaseUrl", github.apiBaseUrl()).put("token", TOKEN)
        .put("file", file).put("tree", tree).put("glob", glob).put("missing", missing);
    NodeConformance.Result r = NodeConformance.run(List.of("node", SCRIPT, args.toString()),
        nodeDir, Duration.ofMinutes(3));
    String line = r.stdout().lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b)
        .orElse(null);
    if (r.exitCode() != 0 || line == null) {
      fail("Backstage's reader failed (exit " + r.exitCode() + ")\n--- stdout\n" + r.stdout()
          + "\n--- stderr\n" + r.stderr());
    }
    JsonNode theirs = JsonMapper.builder().build().readTree(line);
    assertThat(r.stdout()).doesNotContain(TOKEN);

    GithubUrlReader ours = GithubUrlReader.create(new GithubIntegrationConfig(github.host(),
        github.apiBaseUrl(), null, Secret.of(TOKEN), List.of()), ReadLimits.DEFAULTS,
        Clock.systemUTC(), null);

    UrlReader.ReadResponse read = ours.read(file, null, Long.MAX_VALUE);
    assertThat(text(read.content())).isEqualTo(theirs.path("file").path("content").asString());
    assertThat(read.etag()).isEqualTo(theirs.path("file").path("etag").asString(null));
    assertThat(ours.read(file, read.etag(), Long.MAX_VALUE).isNotModified()).isTrue();
    assertThat(theirs.path("fileNotModified").asString()).isEqualTo("NotModifiedError");

    UrlReader.ReadTreeResponse t = ours.readTree(tree, null);
    assertThat(t.etag()).isEqualTo(theirs.path("tree").path("etag").asString());
    List<String> theirFiles = new ArrayList<>();
    theirs.path("tree").path("files").forEach(f -> theirFiles.add(f.path("path").asString()
        + "\n" + f.path("content").asString()));
    assertThat(t.files().stream().map(f -> f.path() + "\n" + text(f.content())).sorted().toList())
        .isNotEmpty().isEqualTo(theirFiles.stream().sorted().toList());
    assertThat(ours.readTree(tree, t.etag()).notModified()).isTrue();
    assertThat(theirs.path("treeNotModified").asString()).isEqualTo("NotModifiedError");

    UrlReader.SearchResponse s = ours.search(glob, null);
    assertThat(s.etag()).isEqualTo(theirs.path("search").path("etag").asString());
    List<String> theirUrls = new ArrayList<>();
    theirs.path("search").path("files").forEach(f -> theirUrls.add(f.path("url").asString()
        + "\n" + f.path("content").asString()));
    assertThat(s.files().stream().map(f -> f.url() + "\n" + text(f.content())).sorted().toList())
        .isNotEmpty().isEqualTo(theirUrls.stream().sorted().toList());

    assertThat(theirs.path("missing").asString()).isEqualTo("NotFoundError");
    try {
      ours.read(missing, null, 100);
      fail("a missing file was read");
    } catch (ProcessingException e) {
      assertThat(e.error().name()).isEqualTo("NotFoundError");
    }
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
