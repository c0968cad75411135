package dev.greenroom.catalog.bitbucket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.catalog.processing.ProcessingException;
import dev.greenroom.catalog.processing.location.CatalogRules;
import dev.greenroom.catalog.processing.schedule.TaskSchedule;
import dev.greenroom.integrations.BitbucketCloudIntegrationConfig;
import dev.greenroom.integrations.IntegrationsConfig;
import dev.greenroom.integrations.ScmIntegrations;
import dev.greenroom.integrations.Secret;
import dev.greenroom.integrations.bitbucket.FakeBitbucketCloud;
import dev.greenroom.integrations.bitbucket.FakeHost;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@link BitbucketCloudEntityProvider} against {@code FakeBitbucketCloud} and a real engine. */
class BitbucketCloudEntityProviderTest {
  static final String USER = "greenroom-bot";
  static final String SECRET = "ATATTcloudApiT0kenNeverShown";

  FakeBitbucketCloud cloud;
  CatalogEngine engine;
  BitbucketProviders providers;

  @BeforeEach
  void start() throws Exception {
    cloud = new FakeBitbucketCloud("acme");
    cloud.basic(USER, SECRET);
    cloud.project("CAT", "Catalog").project("DOCS", "Documentation");
    cloud.repo("CAT", "playback-order", Fixtures.repo("playback-order"), "main");
    cloud.repo("CAT", "searcher", Fixtures.repo("searcher"), "trunk");
    cloud.repo("DOCS", "documented-component", Fixtures.repo("documented-component"), "main");
    cloud.repo("DOCS", "no-catalog", Fixtures.repo("no-catalog"), "main");
  }

  @AfterEach
  void stop() {
    if (providers != null) {
      providers.close();
    }
    if (engine != null) {
      engine.close();
    }
    cloud.close();
  }

  IntegrationsConfig integrations(String secret) {
    IntegrationsConfig none = IntegrationsConfig.parse(Json.object(), false);
    return new IntegrationsConfig(none.github(), none.gitlab(),
        List.of(new BitbucketCloudIntegrationConfig(cloud.host(), cloud.apiBaseUrl(), USER, null,
            Secret.of(secret))),
        none.bitbucketServer(), none.azure(), none.gerrit(), none.gitea());
  }

  static JsonNode yaml(String json) {
    return Json.parse(json.replace('\'', '"'));
  }

  CatalogEngine engine(BitbucketProviders p, IntegrationsConfig integrations) {
    CatalogEngine.Builder b = CatalogEngine.builder()
        .rules(CatalogRules.allowAll())
        .urlReader(ScmIntegrations.builder().config(integrations).build().urlReader())
        .processingDisabled();
    p.providers().forEach(b::provider);
    engine = b.build();
    engine.start();
    return engine;
  }

  String src(String repo, String branch, String path) {
    return cloud.webUrl(repo, "src/" + branch + "/" + path);
  }

  @Test
  void emitsTheLocationsBackstageEmitsAndTheEngineReadsTheirEntities() throws Exception {
    providers = BitbucketProviders.builder()
        .config(yaml("{'bitbucketCloud': {'main': {'workspace': 'acme'}}}"))
        .integrations(integrations(SECRET))
        .build();
    engine(providers, integrations(SECRET));

    providers.refresh();
    assertThat(engine.awaitIdle(Duration.ofMinutes(1))).isTrue();

    String target = src("searcher", "trunk", "catalog-info.yaml");
    String name = "generated-" + Json.sha1Hex("url:" + target);
    Entity location = engine.catalog().entity(EntityRef.parse("location:default/" + name)).orElseThrow();
    assertThat(location.metadata().annotation("backstage.io/managed-by-location")).isEqualTo("url:" + target);
    assertThat(location.metadata().annotation("backstage.io/managed-by-origin-location")).isEqualTo("url:" + target);
    assertThat(location.metadata().annotation("bitbucket.org/repo-url")).isEqualTo(cloud.webUrl("searcher", ""));
    assertThat(location.spec().path("type").asString()).isEqualTo("url");
    assertThat(location.spec().path("target").asString()).isEqualTo(target);
    assertThat(location.spec().path("presence").asString()).isEqualTo("required");

    for (String component : List.of("playback-order", "searcher", "documented-component")) {
      assertThat(engine.catalog().entity(EntityRef.parse("component:default/" + component)))
          .as(component).isPresent();
    }
    assertThat(providers.cloud().get(0).discover()).extracting(e -> e.spec().path("target").asString())
        .containsExactlyInAnyOrder(
            src("playback-order", "main", "catalog-info.yaml"),
            src("searcher", "trunk", "catalog-info.yaml"),
            src("documented-component", "main", "catalog-info.yaml")); // no-catalog only mentions it
    List<FakeHost.Request> searches = cloud.requests().stream()
        .filter(r -> r.path().endsWith("/search/code")).toList();
    assertThat(searches).isNotEmpty().allSatisfy(r -> assertThat(r.query())
        .contains("search_query=%22catalog-info.yaml%22%20path%3A%2Fcatalog-info.yaml%20project%3A")
        .contains("fields="));
  }

  @Test
  void filtersAreAnchoredRegularExpressionsOnProjectKeyAndRepoSlug() {
    providers = BitbucketProviders.builder()
        .config(yaml("{'bitbucketCloud': {'workspace': 'acme', 'filters': {'projectKey': 'CA.', 'repoSlug': 'search'}}}"))
        .integrations(integrations(SECRET))
        .build();
    assertThat(providers.cloud().get(0).name()).isEqualTo("bitbucketCloud-provider:default");
    assertThat(providers.cloud().get(0).discover()).isEmpty(); // 'search' must match the whole slug

    providers = BitbucketProviders.builder()
        .config(yaml("{'bitbucketCloud': {'workspace': 'acme', 'filters': {'projectKey': 'CA.', 'repoSlug': 'search.*'}}}"))
        .integrations(integrations(SECRET))
        .build();
    assertThat(providers.cloud().get(0).discover()).extracting(e -> e.spec().path("target").asString())
        .containsExactly(src("searcher", "trunk", "catalog-info.yaml"));
  }

  @Test
  void aFailingRunKeepsTheLastGoodEntitiesAndNamesTheIntegrationNotTheSecret() throws Exception {
    providers = BitbucketProviders.builder()
        .config(yaml("{'bitbucketCloud': {'main': {'workspace': 'acme'}}}"))
        .integrations(integrations(SECRET))
        .build();
    engine(providers, integrations(SECRET));
    providers.refresh();
    assertThat(engine.awaitIdle(Duration.ofMinutes(1))).isTrue();
    EntityRef searcher = EntityRef.parse("component:default/searcher");
    assertThat(engine.catalog().entity(searcher)).isPresent();

    for (int status : new int[] {500, 429}) {
      cloud.failWith(status);
      assertThatThrownBy(() -> providers.refresh())
          .isInstanceOf(ProcessingException.class)
          .hasMessageContaining(String.valueOf(status))
          .hasMessageContaining("Bitbucket Cloud integration for " + cloud.host());
    }
    cloud.failWith(0).delay(1500);
    BitbucketProviders impatient = BitbucketProviders.builder()
        .config(yaml("{'bitbucketCloud': {'main': {'workspace': 'acme'}}}"))
        .integrations(integrations(SECRET))
        .limits(new dev.greenroom.integrations.ReadLimits(Duration.ofMillis(300), 1 << 20, 100, 1 << 20))
        .build();
    assertThatThrownBy(() -> impatient.cloud().get(0).discover()).hasMessageContaining("timed out");
    cloud.delay(0);

    BitbucketProviders wrong = BitbucketProviders.builder()
        .config(yaml("{'bitbucketCloud': {'main': {'workspace': 'acme'}}}"))
        .integrations(integrations("not-" + SECRET))
        .build();
    assertThatThrownBy(() -> wrong.cloud().get(0).discover())
        .hasMessageContaining("401")
        .hasMessageContaining("Bitbucket Cloud integration for " + cloud.host())
        .hasMessageNotContaining(SECRET);

    engine.awaitIdle(Duration.ofMinutes(1));
    assertThat(engine.catalog().entity(searcher)).isPresent();
  }

  @Test
  void codeSearchPagesOfPagelenAreFollowedByNext() {
    providers = BitbucketProviders.builder()
        .config(yaml("{'bitbucketCloud': {'workspace': 'acme', 'pagelen': 1}}"))
        .integrations(integrations(SECRET))
        .build();
    assertThat(providers.cloud().get(0).discover()).hasSize(3);
    assertThat(cloud.requests()).filteredOn(r -> r.path().endsWith("/search/code"))
        .extracting(r -> r.query().replaceAll(".*[?&]?(page=\\d+).*", "$1"))
        .contains("page=1", "page=2");
    assertThat(cloud.requests()).filteredOn(r -> r.path().endsWith("/search/code"))
        .allSatisfy(r -> assertThat(r.query()).contains("pagelen=1"));
    assertThatThrownBy(() -> BitbucketProviders.builder()
        .config(yaml("{'bitbucketCloud': {'workspace': 'acme', 'pagelen': 0}}")).build())
        .hasMessage("catalog.providers.bitbucketCloud.pagelen must be a whole number from 1 to 1000");
  }

  @Test
  void moreLocationsThanTheLimitFailTheRun() {
    providers = BitbucketProviders.builder()
        .config(yaml("{'bitbucketCloud': {'workspace': 'acme'}}"))
        .integrations(integrations(SECRET))
        .maxLocations(2)
        .build();
    assertThatThrownBy(() -> providers.cloud().get(0).discover())
        .hasMessageContaining("more than 2 catalog files");
  }

  @Test
  void withASchedulerTheProviderRunsOnItsScheduleOnceConnected() throws Exception {
    ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    try {
      providers = BitbucketProviders.builder()
          .config(yaml("{'bitbucketCloud': {'main': {'workspace': 'acme', 'filters': {'repoSlug': 'playback-order'},"
              + " 'schedule': {'frequency': {'minutes': 30}, 'timeout': {'minutes': 1}}}}}"))
          .integrations(integrations(SECRET))
          .scheduler(scheduler)
          .build();
      engine(providers, integrations(SECRET));
      EntityRef ref = EntityRef.parse("component:default/playback-order");
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (engine.catalog().entity(ref).isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(100);
        engine.awaitIdle(Duration.ofSeconds(10)); // processingDisabled: processes on this thread
      }
      assertThat(engine.catalog().entity(ref)).isPresent();
    } finally {
      scheduler.shutdownNow();
    }
  }

  @Test
  void badConfigIsRefusedNamingTheKey() {
    assertThatThrownBy(() -> BitbucketProviders.builder()
        .config(yaml("{'bitbucketCloud': {'main': {'catalogPath': '/catalog-info.yaml'}}}")).build())
        .isInstanceOf(BitbucketConfigException.class)
        .hasMessage("catalog.providers.bitbucketCloud.main.workspace is required");
    assertThatThrownBy(() -> BitbucketProviders.builder()
        .config(yaml("{'bitbucketCloud': {'main': {'workspace': 'acme', 'filters': {'repoSlug': '(['}}}}")).build())
        .hasMessageContaining("catalog.providers.bitbucketCloud.main.filters.repoSlug");
    assertThatThrownBy(() -> BitbucketProviders.builder()
        .config(yaml("{'bitbucketCloud': {'main': {'workspace': 'acme', 'schedule': {'frequency': 'often'}}}}")).build())
        .hasMessageContaining("catalog.providers.bitbucketCloud.main.schedule");
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    try {
      assertThatThrownBy(() -> BitbucketProviders.builder()
          .config(yaml("{'bitbucketCloud': {'main': {'workspace': 'acme'}}}")).scheduler(scheduler).build())
          .hasMessageContaining("No schedule provided neither via code nor config for bitbucketCloud-provider:main");
      assertThat(BitbucketProviders.builder()
          .config(yaml("{'bitbucketCloud': {'main': {'workspace': 'acme'}}}")).scheduler(scheduler)
          .schedule(TaskSchedule.manual(Duration.ofMinutes(1))).build().providers()).hasSize(1);
    } finally {
      scheduler.shutdownNow();
    }
  }
}
