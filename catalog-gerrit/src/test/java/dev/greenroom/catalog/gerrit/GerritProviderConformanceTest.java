package dev.greenroom.catalog.gerrit;

import static dev.greenroom.catalog.gerrit.GerritEntityProviderTest.component;
import static dev.greenroom.catalog.gerrit.GerritEntityProviderTest.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.integrations.IntegrationsConfig;
import dev.greenroom.integrations.gerrit.FakeGerritHost;
import dev.greenroom.testsupport.NodeConformance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Backstage's own {@code GerritEntityProvider} ({@code
 * @backstage/plugin-catalog-backend-module-gerrit} 0.3.18 from npm, pinned in {@code
 * src/test/node/package-lock.json}) runs once against {@code FakeGerritHost} with the same {@code
 * catalog.providers.gerrit} config as Greenroom's provider, and both must emit the same Location
 * entities (names, annotations, spec), in the same order. Skipped without node and npm.
 */
class GerritProviderConformanceTest {
  static final String PASSWORD = "gerritConformancePassw0rd";
  static final String SCRIPT = "gerrit-provider-conformance.mjs";

  FakeGerritHost gerrit;

  @BeforeEach
  void start() throws Exception {
    gerrit = new FakeGerritHost().credentials("bot", PASSWORD);
    gerrit.project("backstage/app", "ACTIVE", "main", Map.of("catalog-info.yaml", component("app")))
        .project("backstage/plugins", "ACTIVE", "master", Map.of("catalog-info.yaml", component("plugins")))
        .project("backstage/retired", "READ_ONLY", "main", Map.of())
        .project("backstage/zeta sub", "ACTIVE", "trunk", Map.of())
        .project("other/thing", "ACTIVE", "main", Map.of());
  }

  @AfterEach
  void stop() {
    gerrit.close();
  }

  @Test
  @Timeout(value = 15, unit = TimeUnit.MINUTES)
  void backstagesProviderAndOursEmitTheSameLocations() throws Exception {
    Path module = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
    if (!Files.isDirectory(module.resolve("src/test/node"))) {
      module = module.resolve("catalog-gerrit");
    }
    Path nodeDir = NodeConformance.install(module, SCRIPT);
    String providers = ("{'heads': {'host': 'HOST', 'query': 'prefix=backstage'},"
        + " 'active': {'host': 'HOST', 'query': 'state=ACTIVE&prefix=backstage', 'branch': 'main'},"
        + " 'custom': {'host': 'HOST', 'query': 'p=other', 'catalogPath': '.backstage/catalog.yaml'}}")
        .replace("HOST", gerrit.host());
    String integration = "{'host': '" + gerrit.host() + "', 'baseUrl': '" + gerrit.baseUrl()
        + "', 'gitilesBaseUrl': '" + gerrit.gitilesBaseUrl() + "', 'username': 'bot', 'password': '"
        + PASSWORD + "'}";
    ObjectNode args = Json.object();
    args.set("integration", yaml(integration));
    args.set("providers", yaml(providers));
    NodeConformance.Result r = NodeConformance.run(List.of("node", SCRIPT, args.toString()), nodeDir,
        Duration.ofMinutes(5));
    String line = r.stdout().lines().filter(l -> l.startsWith("[")).reduce((a, b) -> b).orElse(null);
    if (r.exitCode() != 0 || line == null) {
      fail("Backstage's provider failed (exit " + r.exitCode() + ")\n--- stdout\n" + r.stdout()
          + "\n--- stderr\n" + r.stderr());
    }
    JsonNode theirs = Json.parse(line);

    GerritProviders ours = GerritProviders.builder()
        .config(yaml("{'gerrit': " + providers + "}"))
        .integrations(IntegrationsConfig.parse(yaml("{'gerrit': [" + integration + "]}"), false))
        .build();
    assertThat(ours.gerrit()).hasSize(theirs.size());
    for (int i = 0; i < theirs.size(); i++) {
      JsonNode run = theirs.get(i);
      GerritEntityProvider provider = ours.gerrit().get(i);
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
