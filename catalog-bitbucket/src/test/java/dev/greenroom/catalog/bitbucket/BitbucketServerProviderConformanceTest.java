package dev.greenroom.catalog.bitbucket;

import static dev.greenroom.catalog.bitbucket.BitbucketCloudEntityProviderTest.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.integrations.IntegrationsConfig;
import dev.greenroom.integrations.bitbucket.FakeBitbucketServer;
import dev.greenroom.testsupport.NodeConformance;
import java.nio.file.Files;
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
import tools.jackson.databind.node.ObjectNode;

/**
 * Backstage's own {@code BitbucketServerEntityProvider} ({@code
 * @backstage/plugin-catalog-backend-module-bitbucket-server} 0.5.15 from npm, pinned in {@code
 * src/test/node/package-lock.json}) runs once against {@code FakeBitbucketServer} with the same
 * {@code catalog.providers.bitbucketServer} config as Greenroom's provider, and both must emit the
 * same Location entities (names, annotations, spec), in the same order. Skipped without node and
 * npm.
 */
class BitbucketServerProviderConformanceTest {
  static final String TOKEN = "BBDCproviderConformanceT0ken";
  static final String SCRIPT = "bitbucket-server-provider-conformance.mjs";

  FakeBitbucketServer server;

  @BeforeEach
  void start() throws Exception {
    server = new FakeBitbucketServer();
    server.bearer(TOKEN);
    server.project("CAT", "Catalog").project("DOCS", "Documentation").project("OLD", "Archive");
    server.repo("CAT", "playback-order", Fixtures.repo("playback-order"), "main", false);
    server.repo("CAT", "searcher", Fixtures.repo("searcher"), "master", false);
    server.repo("DOCS", "documented-component", Fixtures.repo("documented-component"), "main", false);
    server.repo("DOCS", "no-catalog", Fixtures.repo("no-catalog"), "main", false);
    server.repo("OLD", "legacy", Fixtures.repo("legacy"), "main", true);
    for (int i = 0; i < 30; i++) { // more than one page of repositories
      server.repo("DOCS", String.format("service-%02d", i), Fixtures.repo("no-catalog"), "main", false);
    }
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  @Timeout(value = 15, unit = TimeUnit.MINUTES)
  void backstagesProviderAndOursEmitTheSameLocations() throws Exception {
    Path module = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
    if (!Files.isDirectory(module.resolve("src/test/node"))) {
      module = module.resolve("catalog-bitbucket");
    }
    Path nodeDir = NodeConformance.install(module, SCRIPT);
    String providers = ("{'all': {'host': 'HOST'},"
        + " 'docs': {'host': 'HOST', 'catalogPath': '/.backstage/catalog.yaml',"
        + "   'filters': {'projectKey': 'OC', 'repoSlug': 'service-1', 'skipArchivedRepos': true}},"
        + " 'live': {'host': 'HOST', 'filters': {'skipArchivedRepos': true}},"
        + " 'checked': {'host': 'HOST', 'validateLocationsExist': true}}")
        .replace("HOST", server.host());
    ObjectNode args = Json.object();
    args.put("host", server.host()).put("apiBaseUrl", server.apiBaseUrl()).put("token", TOKEN);
    args.set("providers", yaml(providers));
    NodeConformance.Result r = NodeConformance.run(List.of("node", SCRIPT, args.toString()), nodeDir,
        Duration.ofMinutes(5));
    String line = r.stdout().lines().filter(l -> l.startsWith("[")).reduce((a, b) -> b).orElse(null);
    if (r.exitCode() != 0 || line == null) {
      fail("Backstage's provider failed (exit " + r.exitCode() + ")\n--- stdout\n" + r.stdout()
          + "\n--- stderr\n" + r.stderr());
    }
    JsonNode theirs = Json.parse(line);

    BitbucketProviders ours = BitbucketProviders.builder()
        .config(yaml("{'bitbucketServer': " + providers + "}"))
        .integrations(IntegrationsConfig.parse(yaml("{'bitbucketServer': [{'host': '" + server.host()
            + "', 'apiBaseUrl': '" + server.apiBaseUrl() + "', 'token': '" + TOKEN + "'}]}"), false))
        .build();
    assertThat(ours.server()).hasSize(theirs.size());
    for (int i = 0; i < theirs.size(); i++) {
      JsonNode run = theirs.get(i);
      BitbucketServerEntityProvider provider = ours.server().get(i);
      assertThat(provider.name()).isEqualTo(run.path("provider").asString());
      assertThat(run.path("type").asString()).isEqualTo("full");
      List<JsonNode> expected = new ArrayList<>();
      for (JsonNode d : run.path("entities")) {
        assertThat(d.path("locationKey").asString()).isEqualTo(provider.name());
        ObjectNode e = (ObjectNode) d.path("entity").deepCopy();
        ((ObjectNode) e.path("metadata")).put("namespace", "default"); // added by the catalog's policy
        expected.add(e);
      }
      List<JsonNode> actual = provider.discover().stream().map(Entity::toJson).map(j -> (JsonNode) j).toList();
      assertThat(actual).as(provider.name()).isNotEmpty().isEqualTo(expected);
    }
  }
}
