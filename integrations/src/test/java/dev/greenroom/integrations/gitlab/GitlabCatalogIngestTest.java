package dev.greenroom.integrations.gitlab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.catalog.processing.CatalogEvent;
import dev.greenroom.catalog.processing.ProcessingError;
import dev.greenroom.catalog.processing.location.CatalogRules;
import dev.greenroom.catalog.processing.location.HttpUrlReader;
import dev.greenroom.integrations.IntegrationsConfig;
import dev.greenroom.integrations.ScmIntegrations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * A catalog engine with a url location on a self-managed GitLab ingests through the reader; with a
 * refused token, the location's processing fails with an error naming the host and the
 * integration, never the token.
 */
class GitlabCatalogIngestTest {
  static final String PROJECT = "acme/platform/catalog";
  FakeGitlab gitlab;

  @BeforeEach
  void start() throws Exception {
    Path fixture = Path.of(getClass().getResource("/github-fixture/catalog").toURI());
    gitlab = new FakeGitlab("/gitlab").token(GitlabUrlReaderTest.TOKEN)
        .group("acme", "ACME", "").group("acme/platform", "Platform", "")
        .project(PROJECT, fixture);
  }

  @AfterEach
  void stop() {
    gitlab.close();
  }

  ScmIntegrations scm(String token) {
    return ScmIntegrations.builder()
        .config(IntegrationsConfig.parse(JsonMapper.builder().build().readTree(
            "{\"gitlab\": [{\"host\": \"" + gitlab.host() + "\", \"apiBaseUrl\": \""
                + gitlab.apiBaseUrl() + "\", \"baseUrl\": \"" + gitlab.baseUrl()
                + "\", \"token\": \"" + token + "\"}]}"), false))
        // the host is on no allow-list: the integration alone makes it readable
        .fallback(HttpUrlReader.builder().build())
        .build();
  }

  CatalogEngine engine(ScmIntegrations scm, String glob) {
    return CatalogEngine.builder().rules(CatalogRules.allowAll()).urlReader(scm.urlReader())
        .location("url", glob).processingDisabled().build();
  }

  @Test
  void aGlobUrlLocationOnTheIntegrationHostIngestsItsEntities() {
    String glob = gitlab.webUrl(PROJECT, "-/blob/main/**/catalog-info.yaml");
    try (CatalogEngine engine = engine(scm(GitlabUrlReaderTest.TOKEN), glob)) {
      engine.start();
      assertThat(engine.awaitIdle(Duration.ofMinutes(1))).isTrue();
      for (String name : new String[] {"playback-order", "searcher", "documented-component"}) {
        Entity e = engine.catalog().entity(EntityRef.parse("component:default/" + name)).orElseThrow();
        String file = name.equals("documented-component")
            ? "documented-component/catalog-info.yaml" : "components/" + name + "/catalog-info.yaml";
        assertThat(e.metadata().annotation("backstage.io/managed-by-location"))
            .isEqualTo("url:" + gitlab.webUrl(PROJECT, "-/blob/main/" + file));
        assertThat(e.metadata().annotation("backstage.io/managed-by-origin-location"))
            .isEqualTo("url:" + glob);
      }
    }
  }

  @Test
  void aRefusedTokenFailsTheLocationNamingTheHostAndTheIntegration() {
    String wrong = "glpat-refusedTokenNeverShownAnywhere";
    String glob = gitlab.webUrl(PROJECT, "-/blob/main/**/catalog-info.yaml");
    List<CatalogEvent.ProcessingFailed> failures = new CopyOnWriteArrayList<>();
    try (CatalogEngine engine = CatalogEngine.builder().rules(CatalogRules.allowAll())
        .urlReader(scm(wrong).urlReader()).location("url", glob).processingDisabled()
        .listener(e -> {
          if (e instanceof CatalogEvent.ProcessingFailed f) {
            failures.add(f);
          }
        })
        .build()) {
      engine.start();
      assertThat(engine.awaitIdle(Duration.ofMinutes(1))).isTrue();
      assertThat(failures).isNotEmpty();
      assertThat(failures).flatExtracting(CatalogEvent.ProcessingFailed::errors)
          .extracting(ProcessingError::message)
          .anySatisfy(m -> assertThat(m).contains("401").contains(gitlab.host())
              .contains("GitLab integration for " + gitlab.host()))
          .allSatisfy(m -> assertThat(m).doesNotContain(wrong));
      assertThat(failures.toString()).doesNotContain(wrong);
      assertThat(engine.catalog().entity(EntityRef.parse("component:default/searcher"))).isEmpty();
    }
  }
}
