package dev.greenroom.integrations.github;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.catalog.processing.location.CatalogRules;
import dev.greenroom.catalog.processing.location.HttpUrlReader;
import dev.greenroom.integrations.ScmIntegrations;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** A catalog engine with a url location on a GitHub Enterprise host ingests through the reader. */
class GithubCatalogIngestTest {
  FakeGithub github;

  @BeforeEach
  void start() throws Exception {
    Path fixture = Path.of(getClass().getResource("/github-fixture/catalog").toURI());
    github = new FakeGithub(fixture).token(GithubUrlReaderTest.TOKEN);
  }

  @AfterEach
  void stop() {
    github.close();
  }

  @Test
  void aGlobUrlLocationOnTheIntegrationHostIngestsItsEntities() throws URISyntaxException {
    ScmIntegrations scm = ScmIntegrations.builder()
        .config(JsonMapper.builder().build().readTree(
            "{\"github\": [{\"host\": \"" + github.host() + "\", \"apiBaseUrl\": \""
                + github.apiBaseUrl() + "\", \"token\": \"" + GithubUrlReaderTest.TOKEN + "\"}]}"))
        // the host is on no allow-list: the integration alone makes it readable
        .fallback(HttpUrlReader.builder().build())
        .build();
    String glob = github.webUrl("blob/main/**/catalog-info.yaml");
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
        String file = name.equals("documented-component")
            ? "documented-component/catalog-info.yaml" : "components/" + name + "/catalog-info.yaml";
        assertThat(e.metadata().annotation("backstage.io/managed-by-location"))
            .isEqualTo("url:" + github.webUrl("blob/main/" + file));
        assertThat(e.metadata().annotation("backstage.io/managed-by-origin-location"))
            .isEqualTo("url:" + glob);
        assertThat(e.toString()).doesNotContain(GithubUrlReaderTest.TOKEN);
      }
      assertThat(engine.catalog().entity(EntityRef.parse("group:default/team-a"))).isEmpty();
    }
  }
}
