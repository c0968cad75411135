package dev.greenroom.integrations.bitbucket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.greenroom.catalog.processing.ProcessingException;
import dev.greenroom.catalog.processing.location.UrlReader;
import dev.greenroom.integrations.BitbucketServerIntegrationConfig;
import dev.greenroom.integrations.ReadLimits;
import dev.greenroom.integrations.Secret;
import dev.greenroom.testsupport.NodeConformance;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
 * Backstage's own {@code BitbucketServerUrlReader} ({@code @backstage/backend-defaults}, the
 * version the Backstage peer uses, pinned in {@code src/test/node/package-lock.json}) reads a file,
 * a tree and a glob from {@link FakeBitbucketServer}, and Greenroom's {@link
 * BitbucketServerUrlReader} must read the same: the same contents, tree paths, tree ETag (short
 * commit id), "not modified" answers, search URLs and a NotFoundError for a missing file. This
 * checks the fake against the reader it imitates the host for, and our reader against Backstage's.
 *
 * <p>Needs {@code node} (20+) and {@code npm} on the PATH, and the npm registry (or a warm npm
 * cache) for {@code npm ci}; skipped when node or npm is missing. Installed into {@code
 * target/node-conformance}, again only when the lock file changes.
 */
class BitbucketServerConformanceTest {
  static final String TOKEN = "BBDCconformanceT0ken";
  static final String SCRIPT = "bitbucket-server-conformance.mjs";

  FakeBitbucketServer server;

  @BeforeEach
  void start() throws Exception {
    server = new FakeBitbucketServer();
    server.bearer(TOKEN);
    server.repo("CAT", "catalog", BitbucketCloudUrlReaderTest.fixture(), "main", false);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  @Timeout(value = 15, unit = TimeUnit.MINUTES)
  void backstagesReaderAndOursReadTheSameFromTheFake() throws Exception {
    Path nodeDir = NodeConformance.install(SCRIPT);
    String file = server.browseUrl("CAT", "catalog", "components/searcher/catalog-info.yaml") + "?at=main";
    String tree = server.browseUrl("CAT", "catalog", "documented-component") + "?at=main";
    String glob = server.browseUrl("CAT", "catalog", "**/catalog-info.yaml") + "?at=main";
    String missing = server.browseUrl("CAT", "catalog", "nope.yaml") + "?at=main";
    ObjectNode args = JsonMapper.builder().build().createObjectNode()
        .put("host", server.host()).put("apiBaseUrl", server.apiBaseUrl()).put("token", TOKEN)
        .put("file", file).put("tree", tree).put("glob", glob).put("missing", missing);
    NodeConformance.Result r = NodeConformance.run(List.of("node", SCRIPT, args.toString()), nodeDir,
        Duration.ofMinutes(3));
    String line = r.stdout().lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElse(null);
    if (r.exitCode() != 0 || line == null) {
      fail("Backstage's reader failed (exit " + r.exitCode() + ")\n--- stdout\n" + r.stdout()
          + "\n--- stderr\n" + r.stderr());
    }
    JsonNode theirs = JsonMapper.builder().build().readTree(line);

    BitbucketServerUrlReader ours = BitbucketServerUrlReader.create(new BitbucketServerIntegrationConfig(
        server.host(), server.apiBaseUrl(), Secret.of(TOKEN), null, null), ReadLimits.DEFAULTS, null);

    UrlReader.ReadResponse read = ours.read(file, null, Long.MAX_VALUE);
    assertThat(text(read.content())).isEqualTo(theirs.path("file").path("content").asString());
    assertThat(read.etag()).isEqualTo(theirs.path("file").path("etag").asString(null));
    assertThat(ours.read(file, read.etag(), Long.MAX_VALUE).isNotModified()).isTrue();
    assertThat(theirs.path("fileNotModified").asString()).isEqualTo("NotModifiedError");

    UrlReader.ReadTreeResponse t = ours.readTree(tree, null);
    assertThat(t.etag()).isEqualTo(theirs.path("tree").path("etag").asString());
    List<String> theirFiles = new ArrayList<>();
    theirs.path("tree").path("files").forEach(f -> theirFiles.add(f.path("path").asString() + "\n"
        + f.path("content").asString()));
    assertThat(t.files().stream().map(f -> f.path() + "\n" + text(f.content())).toList())
        .isNotEmpty().isEqualTo(theirFiles);
    assertThat(ours.readTree(tree, t.etag()).notModified()).isTrue();
    assertThat(theirs.path("treeNotModified").asString()).isEqualTo("NotModifiedError");

    UrlReader.SearchResponse s = ours.search(glob, null);
    assertThat(s.etag()).isEqualTo(theirs.path("search").path("etag").asString());
    List<String> theirUrls = new ArrayList<>();
    theirs.path("search").path("files").forEach(f -> theirUrls.add(f.path("url").asString() + "\n"
        + f.path("content").asString()));
    assertThat(s.files().stream().map(f -> f.url() + "\n" + text(f.content())).toList())
        .hasSize(3).isEqualTo(theirUrls);

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
