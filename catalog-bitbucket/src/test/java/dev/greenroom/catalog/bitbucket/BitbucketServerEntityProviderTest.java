package dev.greenroom.catalog.bitbucket;

import static dev.greenroom.catalog.bitbucket.BitbucketCloudEntityProviderTest.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.catalog.processing.ProcessingException;
import dev.greenroom.catalog.processing.location.CatalogRules;
import dev.greenroom.integrations.IntegrationsConfig;
import dev.greenroom.integrations.ScmIntegrations;
import dev.greenroom.integrations.bitbucket.FakeBitbucketServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link BitbucketServerEntityProvider} against {@code FakeBitbucketServer} and a real engine. */
class BitbucketServerEntityProviderTest {
  static final String TOKEN = "BBDCserverT0kenNeverShownAnywhere";

  FakeBitbucketServer server;
  CatalogEngine engine;

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
  }

  @AfterEach
  void stop() {
    if (engine != null) {
      engine.close();
    }
    server.close();
  }

  IntegrationsConfig integrations(String token) {
    return IntegrationsConfig.parse(yaml("{'bitbucketServer': [{'host': '" + server.host()
        + "', 'apiBaseUrl': '" + server.apiBaseUrl() + "', 'token': '" + token + "'}]}"), false);
  }

  BitbucketProviders providers(String providerJson) {
    return providers(providerJson, TOKEN);
  }

  BitbucketProviders providers(String providerJson, String token) {
    return BitbucketProviders.builder()
        .config(yaml("{'bitbucketServer': " + providerJson.replace("HOST", server.host()) + "}"))
        .integrations(integrations(token))
        .build();
  }

  List<String> targets(BitbucketProviders p) {
    return p.server().get(0).discover().stream().map(e -> e.spec().path("target").asString()).toList();
  }

  String target(String project, String repo) {
    return server.browseUrl(project, repo, "") + "/catalog-info.yaml";
  }

  @Test
  void everyRepositoryBecomesAnOptionalLocationAndTheEngineReadsThoseThatHaveTheFile() throws Exception {
    BitbucketProviders p = providers("{'main': {'host': 'HOST'}}");
    assertThat(p.server().get(0).name()).isEqualTo("bitbucketServer-provider:main");
    CatalogEngine.Builder b = CatalogEngine.builder()
        .rules(CatalogRules.allowAll())
        .urlReader(ScmIntegrations.builder().config(integrations(TOKEN)).build().urlReader())
        .processingDisabled();
    p.providers().forEach(b::provider);
    engine = b.build();
    engine.start();
    p.refresh();
    assertThat(engine.awaitIdle(Duration.ofMinutes(1))).isTrue();

    assertThat(targets(p)).containsExactly(
        target("CAT", "playback-order"), target("CAT", "searcher"),
        target("DOCS", "documented-component"), target("DOCS", "no-catalog"), target("OLD", "legacy"));
    String t = target("DOCS", "no-catalog");
    Entity location = engine.catalog()
        .entity(EntityRef.parse("location:default/generated-" + Json.sha1Hex("url:" + t))).orElseThrow();
    assertThat(location.spec().path("presence").asString()).isEqualTo("optional");
    assertThat(location.metadata().annotation("backstage.io/managed-by-origin-location")).isEqualTo("url:" + t);
    assertThat(location.metadata().annotations()).doesNotContainKey("bitbucket.org/repo-url");
    assertThat(location.metadata().annotation("bitbucket.org/default-branch")).isEqualTo("main");
    assertThat(engine.catalog().entity(EntityRef.parse("location:default/generated-"
            + Json.sha1Hex("url:" + target("CAT", "searcher")))).orElseThrow()
        .metadata().annotation("bitbucket.org/default-branch")).isEqualTo("master");
    for (String c : List.of("playback-order", "searcher", "documented-component", "legacy-billing")) {
      assertThat(engine.catalog().entity(EntityRef.parse("component:default/" + c))).as(c).isPresent();
    }
    assertThat(location.statusItems()).as("an optional file that is missing is no error").isEmpty();
    assertThat(server.requests()).allSatisfy(r -> assertThat(r.authorization()).isEqualTo("Bearer " + TOKEN));

    // reading the unchanged repositories again costs conditional requests only
    server.clearLog();
    for (String target : targets(p)) {
      engine.refresh(EntityRef.parse("location:default/generated-" + Json.sha1Hex("url:" + target)));
    }
    assertThat(engine.awaitIdle(Duration.ofMinutes(1))).isTrue();
    List<dev.greenroom.integrations.bitbucket.FakeHost.Request> reads = server.requests().stream()
        .filter(r -> r.path().contains("/raw/")).toList();
    assertThat(reads).hasSize(5) // one per repository; no-catalog (no file, no ETag) is asked again too
        .filteredOn(r -> !r.path().contains("/no-catalog/"))
        .allSatisfy(r -> assertThat(r.ifNoneMatch()).startsWith("\""));
    assertThat(server.requests()).noneSatisfy(r -> assertThat(r.path()).endsWith("/archive"));
  }

  @Test
  void filtersFindInTheKeyAndSlugAndArchivedRepositoriesCanBeSkipped() {
    assertThat(targets(providers("{'host': 'HOST', 'filters': {'projectKey': 'A', 'skipArchivedRepos': true}}")))
        .containsExactly(target("CAT", "playback-order"), target("CAT", "searcher"));
    assertThat(targets(providers("{'host': 'HOST', 'filters': {'repoSlug': '^(searcher|legacy)$'}}")))
        .containsExactly(target("CAT", "searcher"), target("OLD", "legacy"));
    assertThat(targets(providers("{'host': 'HOST', 'validateLocationsExist': true}"))) // asks raw/catalog-info.yaml
        .containsExactly(target("CAT", "playback-order"), target("CAT", "searcher"),
            target("DOCS", "documented-component"), target("OLD", "legacy"));
    assertThat(targets(providers("{'host': 'HOST', 'catalogPath': '/.backstage/catalog.yaml', "
        + "'filters': {'projectKey': 'DOCS', 'repoSlug': 'documented'}}")))
        .containsExactly(server.browseUrl("DOCS", "documented-component", "") + "/.backstage/catalog.yaml");
  }

  @Test
  void pagesAreFollowedUntilTheLastOne() throws Exception {
    for (int i = 0; i < 60; i++) {
      server.repo("DOCS", String.format("service-%02d", i), Fixtures.repo("no-catalog"), "main", false);
    }
    assertThat(targets(providers("{'host': 'HOST', 'filters': {'repoSlug': '^service-'}}"))).hasSize(60);
    assertThat(server.requests()).filteredOn(r -> r.path().endsWith("/DOCS/repos"))
        .extracting(r -> r.query()).containsExactly("start=0", "start=25", "start=50");
  }

  @Test
  void failuresNameTheIntegrationKeepNothingNewAndNeverShowTheToken() {
    assertThatThrownBy(() -> targets(providers("{'host': 'HOST'}", "wrong-" + TOKEN)))
        .isInstanceOf(ProcessingException.class)
        .hasMessageContaining("401")
        .hasMessageContaining("Bitbucket Server integration for " + server.host())
        .hasMessageNotContaining(TOKEN);
    server.failWith(429);
    assertThatThrownBy(() -> targets(providers("{'host': 'HOST'}")))
        .hasMessageContaining("rate limit exceeded");
    server.failWith(0);
    assertThatThrownBy(() -> BitbucketProviders.builder()
        .config(yaml("{'bitbucketServer': {'host': 'bitbucket.example.com'}}"))
        .integrations(integrations(TOKEN)).build())
        .isInstanceOf(BitbucketConfigException.class)
        .hasMessageContaining("No BitbucketServer integration found that matches host bitbucket.example.com");
    assertThatThrownBy(() -> BitbucketProviders.builder()
        .config(yaml("{'bitbucketServer': {'main': {'host': 'HOST', 'filters': {'skipArchivedRepos': 'yes'}}}}"))
        .integrations(integrations(TOKEN)).build())
        .hasMessage("catalog.providers.bitbucketServer.main.filters.skipArchivedRepos must be true or false");
  }
}
