package dev.greenroom.integrations.bitbucket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.greenroom.catalog.processing.ProcessingException;
import dev.greenroom.catalog.processing.location.UrlReader;
import dev.greenroom.integrations.BitbucketCloudIntegrationConfig;
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
 * Backstage's own {@code BitbucketCloudUrlReader} ({@code @backstage/backend-defaults} from npm)
 * reads a file, a tree and a glob from {@link FakeBitbucketCloud}, and Greenroom's {@link
 * BitbucketCloudUrlReader} must read the same. Backstage fixes Bitbucket Cloud's hosts, so its
 * script sends {@code https://bitbucket.org} and {@code https://api.bitbucket.org/2.0} to the fake
 * by rewriting them in the global {@code fetch} (and refuses any other request); URLs are compared
 * with {@code https://bitbucket.org} standing for the fake. Skipped without node and npm.
 */
class BitbucketCloudConformanceTest {
  static final String USER = "conformance-bot";
  static final String TOKEN = "ATATTcloudConformanceT0ken";
  static final String SCRIPT = "bitbucket-cloud-conformance.mjs";

  FakeBitbucketCloud cloud;

  @BeforeEach
  void start() throws Exception {
    cloud = new FakeBitbucketCloud("acme");
    cloud.basic(USER, TOKEN);
    cloud.repo("CAT", "catalog", BitbucketCloudUrlReaderTest.fixture(), "main");
  }

  @AfterEach
  void stop() {
    cloud.close();
  }

  @Test
  @Timeout(value = 15, unit = TimeUnit.MINUTES)
  void backstagesReaderAndOursReadTheSameFromTheFake() throws Exception {
    Path nodeDir = NodeConformance.install(SCRIPT);
    String web = "https://bitbucket.org/acme/catalog/src/main/";
    ObjectNode args = JsonMapper.builder().build().createObjectNode()
        .put("fake", cloud.baseUrl()).put("username", USER).put("token", TOKEN)
        .put("file", web + "components/searcher/catalog-info.yaml")
        .put("tree", web + "documented-component")
        .put("glob", web + "**/catalog-info.yaml")
        .put("missing", web + "nope.yaml");
    NodeConformance.Result r = NodeConformance.run(List.of("node", SCRIPT, args.toString()), nodeDir,
        Duration.ofMinutes(3));
    String line = r.stdout().lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElse(null);
    if (r.exitCode() != 0 || line == null) {
      fail("Backstage's reader failed (exit " + r.exitCode() + ")\n--- stdout\n" + r.stdout()
          + "\n--- stderr\n" + r.stderr());
    }
    JsonNode theirs = JsonMapper.builder().build().readTree(line);
    assertThat(theirs.path("requests").toString()).contains("/2.0/repositories/acme/catalog/src/main/",
        "/2.0/repositories/acme/catalog/commits/main", "/acme/catalog/get/main.tar.gz");

    BitbucketCloudUrlReader ours = BitbucketCloudUrlReader.create(new BitbucketCloudIntegrationConfig(
        cloud.host(), cloud.apiBaseUrl(), USER, null, Secret.of(TOKEN)), ReadLimits.DEFAULTS, null);
    String local = cloud.webUrl("catalog", "src/main/");

    UrlReader.ReadResponse read = ours.read(local + "components/searcher/catalog-info.yaml", null, Long.MAX_VALUE);
    assertThat(text(read.content())).isEqualTo(theirs.path("file").path("content").asString());
    assertThat(read.etag()).isEqualTo(theirs.path("file").path("etag").asString(null));
    assertThat(theirs.path("fileNotModified").asString()).isEqualTo("NotModifiedError");
    assertThat(ours.read(local + "components/searcher/catalog-info.yaml", read.etag(), 1000).isNotModified())
        .isTrue();

    UrlReader.ReadTreeResponse t = ours.readTree(local + "documented-component", null);
    assertThat(t.etag()).isEqualTo(theirs.path("tree").path("etag").asString());
    List<String> theirFiles = new ArrayList<>();
    theirs.path("tree").path("files").forEach(f -> theirFiles.add(f.path("path").asString() + "\n"
        + f.path("content").asString()));
    assertThat(t.files().stream().map(f -> f.path() + "\n" + text(f.content())).toList())
        .isNotEmpty().isEqualTo(theirFiles);
    assertThat(theirs.path("treeNotModified").asString()).isEqualTo("NotModifiedError");

    UrlReader.SearchResponse s = ours.search(local + "**/catalog-info.yaml", null);
    assertThat(s.etag()).isEqualTo(theirs.path("search").path("etag").asString());
    List<String> theirUrls = new ArrayList<>();
    theirs.path("search").path("files").forEach(f -> theirUrls.add(
        f.path("url").asString().replace("https://bitbucket.org", cloud.baseUrl()) + "\n"
            + f.path("content").asString()));
    assertThat(s.files().stream().map(f -> f.url() + "\n" + text(f.content())).toList())
        .hasSize(3).isEqualTo(theirUrls);

    assertThat(theirs.path("missing").asString()).isEqualTo("NotFoundError");
    try {
      ours.read(local + "nope.yaml", null, 100);
      fail("a missing file was read");
    } catch (ProcessingException e) {
      assertThat(e.error().name()).isEqualTo("NotFoundError");
    }
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
