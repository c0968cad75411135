package dev.greenroom.integrations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.catalog.processing.location.CatalogRules;
import dev.greenroom.catalog.processing.location.HttpUrlReader;
import dev.greenroom.integrations.azure.FakeAzure;
import dev.greenroom.integrations.gerrit.FakeGerrit;
import dev.greenroom.integrations.gitea.FakeGitea;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * A catalog engine with a glob url location on an Azure DevOps, Gitea or Gerrit host ingests the
 * matching files through that host's reader, each entity located at its own file's URL.
 */
class ScmCatalogIngestTest {
  static final String SECRET = "scm-ingest-s3cret-0001";

  static Path fixture() throws Exception {
    return Path.of(ScmCatalogIngestTest.class.getResource("/github-fixture/catalog").toURI());
  }

  void ingests(String integrations, String glob, String searcherFileUrl) throws Exception {
    ScmIntegrations scm = ScmIntegrations.builder()
        .config(IntegrationsConfig.parse(JsonMapper.builder().build().readTree(integrations), false))
        .fallback(HttpUrlReader.builder().build()) // the hosts are on no allow-list
        .build();
    try (CatalogEngine engine = CatalogEngine.builder()
        .rules(CatalogRules.allowAll())
        .urlReader(scm.urlReader())
        .location("url", glob)
        .processingDisabled()
        .build()) {
      engine.start();
      assertThat(engine.awaitIdle(Duration.ofMinutes(1))).isTrue();
      for (String name : new String[] {"playback-order", "searcher", "documented-component"}) {
        Entity e = engine.catalog().entity(EntityRef.parse("component:default/" + name)).orElseThrow();
        assertThat(e.metadata().annotation("backstage.io/managed-by-origin-location")).isEqualTo("url:" + glob);
        assertThat(e.toString()).doesNotContain(SECRET);
      }
      assertThat(engine.catalog().entity(EntityRef.parse("component:default/searcher")).orElseThrow()
          .metadata().annotation("backstage.io/managed-by-location")).isEqualTo("url:" + searcherFileUrl);
      assertThat(engine.catalog().entity(EntityRef.parse("group:default/team-a"))).isEmpty();
    }
  }

  @Test
  void azureDevOps() throws Exception {
    try (FakeAzure azure = new FakeAzure(fixture()).token(SECRET)) {
      ingests("{\"azure\":[{\"host\":\"" + azure.host() + "\",\"credentials\":[{\"personalAccessToken\":\""
              + SECRET + "\"}]}]}",
          azure.webUrl("path=/**/catalog-info.yaml&version=GBmain"),
          azure.webUrl("path=%2Fcomponents%2Fsearcher%2Fcatalog-info.yaml&version=GBmain"));
    }
  }

  @Test
  void gitea() throws Exception {
    try (FakeGitea gitea = new FakeGitea(fixture()).credentials(null, SECRET)) {
      ingests("{\"gitea\":[{\"host\":\"" + gitea.host() + "\",\"baseUrl\":\"" + gitea.baseUrl()
              + "\",\"password\":\"" + SECRET + "\"}]}",
          gitea.webUrl("src/branch/main/**/catalog-info.yaml"),
          gitea.webUrl("src/branch/main/components/searcher/catalog-info.yaml"));
    }
  }

  @Test
  void gerrit() throws Exception {
    try (FakeGerrit gerrit = new FakeGerrit(fixture()).credentials("robot", SECRET)) {
      ingests("{\"gerrit\":[{\"host\":\"" + gerrit.host() + "\",\"baseUrl\":\"" + gerrit.baseUrl()
              + "\",\"gitilesBaseUrl\":\"" + gerrit.gitilesBaseUrl() + "\",\"username\":\"robot\","
              + "\"password\":\"" + SECRET + "\"}]}",
          gerrit.gitilesUrl("+/refs/heads/main/**/catalog-info.yaml"),
          gerrit.gitilesUrl("+/refs/heads/main/components/searcher/catalog-info.yaml"));
    }
  }
}
