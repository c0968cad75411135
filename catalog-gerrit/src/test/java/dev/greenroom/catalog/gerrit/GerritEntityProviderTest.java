package dev.greenroom.catalog.gerrit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.catalog.processing.DeferredEntity;
import dev.greenroom.catalog.processing.EntityMutation;
import dev.greenroom.catalog.processing.EntityProviderConnection;
import dev.greenroom.catalog.processing.ProcessingException;
import dev.greenroom.catalog.processing.location.CatalogRules;
import dev.greenroom.catalog.processing.schedule.TaskSchedule;
import dev.greenroom.integrations.IntegrationsConfig;
import dev.greenroom.integrations.ReadLimits;
import dev.greenroom.integrations.ScmIntegrations;
import dev.greenroom.integrations.gerrit.FakeGerritHost;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@link GerritEntityProvider} against {@code FakeGerritHost}, a local Gerrit with many projects. */
class GerritEntityProviderTest {
  static final String USER = "greenroom-bot";
  static final String PASSWORD = "gerritHttpPassw0rdNeverShown";

  FakeGerritHost gerrit;
  GerritProviders providers;
  CatalogEngine engine;
  final Recorder connection = new Recorder();

  /** The mutations a provider applies. */
  static final class Recorder implements EntityProviderConnection {
    final List<EntityMutation> mutations = new CopyOnWriteArrayList<>();

    @Override
    public void applyMutation(EntityMutation mutation) {
      mutations.add(mutation);
    }

    @Override
    public void refresh(java.util.Collection<String> keys) {}

    List<Entity> last() {
      EntityMutation.Full full = (EntityMutation.Full) mutations.get(mutations.size() - 1);
      return full.entities().stream().map(DeferredEntity::entity).toList();
    }
  }

  static String component(String name) {
    return """
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata:
          name: %s
        spec:
          type: service
          lifecycle: production
          owner: team-a
        """.formatted(name);
  }

  @BeforeEach
  void start() throws Exception {
    gerrit = new FakeGerritHost().credentials(USER, PASSWORD);
    gerrit.project("backstage/app", "ACTIVE", "main", Map.of("catalog-info.yaml", component("app")))
        .project("backstage/plugins", "ACTIVE", "master", Map.of("catalog-info.yaml", component("plugins"),
            ".backstage/catalog.yaml", component("plugins-custom")))
        .project("backstage/retired", "READ_ONLY", "main", Map.of("catalog-info.yaml", component("retired")))
        .project("other/thing", "ACTIVE", "main", Map.of("catalog-info.yaml", component("thing")));
  }

  @AfterEach
  void stop() {
    if (providers != null) {
      providers.close();
    }
    if (engine != null) {
      engine.close();
    }
    gerrit.close();
  }

  static JsonNode yaml(String json) {
    return Json.parse(json.replace('\'', '"'));
  }

  IntegrationsConfig integrations(String password) {
    return IntegrationsConfig.parse(yaml("{'gerrit': [{'host': '" + gerrit.host() + "', 'baseUrl': '"
        + gerrit.baseUrl() + "', 'gitilesBaseUrl': '" + gerrit.gitilesBaseUrl() + "', 'username': '"
        + USER + "', 'password': '" + password + "'}]}"), false);
  }

  GerritEntityProvider provider(String providerConfig, String password, ReadLimits limits) {
    providers = GerritProviders.builder()
        .config(yaml("{'gerrit': {'active-training': " + providerConfig + "}}"))
        .integrations(integrations(password))
        .limits(limits)
        .build();
    GerritEntityProvider p = providers.gerrit().get(0);
    p.connect(connection);
    return p;
  }

  String cfg(String extra) {
    return "{'host': '" + gerrit.host() + "', 'query': 'state=ACTIVE&prefix=backstage'" + extra + "}";
  }

  String gitiles(String rest) {
    return gerrit.gitilesBaseUrl() + "/" + rest;
  }

  @Test
  void aConfiguredBranchNamesEveryProjectsLocation() {
    GerritEntityProvider p = provider(cfg(", 'branch': 'main'"), PASSWORD, ReadLimits.DEFAULTS);
    assertThat(p.name()).isEqualTo("gerrit-provider:active-training");
    assertThat(p.refresh()).isEqualTo(2);
    List<Entity> entities = connection.last();
    String target = gitiles("backstage/app/+/refs/heads/main/catalog-info.yaml");
    assertThat(entities).extracting(e -> e.spec().path("target").asString()).containsExactly(
        target, gitiles("backstage/plugins/+/refs/heads/main/catalog-info.yaml"));
    Entity first = entities.get(0);
    assertThat(first.kind()).isEqualTo("Location");
    assertThat(first.metadata().name()).isEqualTo("generated-" + Json.sha1Hex("url:" + target));
    assertThat(first.metadata().annotation("backstage.io/managed-by-location")).isEqualTo("url:" + target);
    assertThat(first.metadata().annotation("backstage.io/managed-by-origin-location")).isEqualTo("url:" + target);
    assertThat(first.spec().path("type").asString()).isEqualTo("url");
    assertThat(first.spec().path("presence").asString()).isEqualTo("optional");
    assertThat(((EntityMutation.Full) connection.mutations.get(0)).entities())
        .allSatisfy(d -> assertThat(d.locationKey()).isEqualTo("gerrit-provider:active-training"));
    // authenticated: /a/ and only the listing, no HEAD asked
    assertThat(gerrit.requests()).containsExactly("/a/projects/?state=ACTIVE&prefix=backstage");
  }

  @Test
  void theNameMatchesBackstagesFixtureForTheSameTarget() {
    // Backstage's expectedProviderEntities.json: this target is named as below
    assertThat(LocationEntities.url("https:/g.com/gitiles/training/gerrit/+/refs/heads/main/catalog-info.yaml",
        "optional").metadata().name()).isEqualTo("generated-acbbddb9193be55b61de6a7c1d39b3dcaaf27525");
  }

  @Test
  void withoutABranchEachProjectsHeadIsAskedAndACustomCatalogPathIsUsed() {
    GerritEntityProvider p = provider(cfg(", 'catalogPath': '.backstage/catalog.yaml'"), PASSWORD,
        ReadLimits.DEFAULTS);
    p.refresh();
    assertThat(connection.last()).extracting(e -> e.spec().path("target").asString()).containsExactly(
        gitiles("backstage/app/+/refs/heads/main/.backstage/catalog.yaml"),
        gitiles("backstage/plugins/+/refs/heads/master/.backstage/catalog.yaml"));
    assertThat(gerrit.requests()).containsExactly("/a/projects/?state=ACTIVE&prefix=backstage",
        "/a/projects/backstage%2Fapp/HEAD", "/a/projects/backstage%2Fplugins/HEAD");
  }

  @Test
  void theEngineReadsTheDiscoveredFilesThroughTheGerritReader() throws Exception {
    providers = GerritProviders.builder()
        .config(yaml("{'gerrit': {'all': {'host': '" + gerrit.host() + "', 'query': 'prefix=backstage'}}}"))
        .integrations(integrations(PASSWORD))
        .build();
    engine = CatalogEngine.builder()
        .rules(CatalogRules.allowAll())
        .urlReader(ScmIntegrations.builder().config(integrations(PASSWORD)).build().urlReader())
        .provider(providers.providers().get(0))
        .build();
    engine.start();
    providers.refresh();
    assertThat(engine.awaitIdle(Duration.ofMinutes(1))).isTrue();
    for (String c : List.of("app", "plugins", "retired")) {
      assertThat(engine.catalog().entity(EntityRef.parse("component:default/" + c))).as(c).isPresent();
    }
    assertThat(engine.catalog().entity(EntityRef.parse("component:default/thing"))).isEmpty();
  }

  @Test
  void anonymousIntegrationsAskWithoutTheAPrefix() throws Exception {
    gerrit.close();
    gerrit = new FakeGerritHost();
    gerrit.project("backstage/app", "ACTIVE", "main", Map.of("catalog-info.yaml", component("app")));
    providers = GerritProviders.builder()
        .config(yaml("{'gerrit': {'anon': " + cfg("") + "}}"))
        .integrations(IntegrationsConfig.parse(yaml("{'gerrit': [{'host': '" + gerrit.host()
            + "', 'baseUrl': '" + gerrit.baseUrl() + "', 'gitilesBaseUrl': '" + gerrit.gitilesBaseUrl()
            + "'}]}"), false))
        .build();
    GerritEntityProvider p = providers.gerrit().get(0);
    p.connect(connection);
    p.refresh();
    assertThat(gerrit.requests()).containsExactly("/projects/?state=ACTIVE&prefix=backstage",
        "/projects/backstage%2Fapp/HEAD");
  }

  @Test
  void failuresKeepTheLastGoodEntitiesAndNameTheHostButNeverThePassword() {
    GerritEntityProvider p = provider(cfg(", 'branch': 'main'"), PASSWORD, new ReadLimits(
        Duration.ofMillis(700), ReadLimits.DEFAULTS.maxBytes(), ReadLimits.DEFAULTS.maxTreeFiles(),
        ReadLimits.DEFAULTS.maxTreeBytes()));
    p.refresh();
    List<Entity> good = connection.last();

    gerrit.fail(500);
    assertThatThrownBy(p::refresh).isInstanceOf(ProcessingException.class)
        .hasMessageContaining("gerrit-provider:active-training")
        .hasMessageContaining("Gerrit integration for " + gerrit.host())
        .hasMessageContaining("500")
        .hasMessageNotContaining(PASSWORD);
    gerrit.fail(0);

    gerrit.delay(Duration.ofSeconds(2));
    assertThatThrownBy(p::refresh).isInstanceOf(ProcessingException.class)
        .hasMessageContaining("did not answer")
        .hasMessageContaining("Gerrit integration for " + gerrit.host())
        .hasMessageNotContaining(PASSWORD);
    gerrit.delay(Duration.ZERO);

    assertThat(connection.mutations).hasSize(1);
    assertThat(connection.last()).isEqualTo(good);
  }

  @Test
  void aRefusedPasswordIsAnErrorNamingTheIntegrationNeverThePassword() {
    String wrong = "wrongGerritPassw0rdAlsoHidden";
    GerritEntityProvider p = provider(cfg(""), wrong, ReadLimits.DEFAULTS);
    assertThatThrownBy(p::refresh).isInstanceOf(ProcessingException.class)
        .hasMessageContaining("401")
        .hasMessageContaining("Gerrit integration for " + gerrit.host())
        .hasMessageContaining("credentials were refused")
        .hasMessageNotContaining(wrong).hasMessageNotContaining(PASSWORD);
    assertThat(connection.mutations).isEmpty();
  }

  @Test
  void moreProjectsThanTheLimitFailTheRun() {
    providers = GerritProviders.builder()
        .config(yaml("{'gerrit': {'m': " + cfg("") + "}}"))
        .integrations(integrations(PASSWORD)).maxLocations(1).build();
    GerritEntityProvider p = providers.gerrit().get(0);
    p.connect(connection);
    assertThatThrownBy(p::refresh).hasMessageContaining("more than 1 projects");
    assertThat(connection.mutations).isEmpty();
  }

  @Test
  void configErrorsNameTheKey() {
    assertThatThrownBy(() -> GerritProviders.builder()
        .config(yaml("{'gerrit': {'main': {'host': 'gerrit.example.com'}}}")).build())
        .isInstanceOf(GerritConfigException.class)
        .hasMessage("catalog.providers.gerrit.main.query is required");
    assertThatThrownBy(() -> GerritProviders.builder()
        .config(yaml("{'gerrit': {'main': {'host': 'gerrit.example.com', 'query': 'state=ACTIVE'}}}")).build())
        .isInstanceOf(GerritConfigException.class)
        .hasMessageContaining("No gerrit integration found that matches host gerrit.example.com")
        .hasMessageContaining("catalog.providers.gerrit.main.host");
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    try {
      assertThatThrownBy(() -> GerritProviders.builder().scheduler(scheduler)
          .integrations(integrations(PASSWORD))
          .config(yaml("{'gerrit': {'x': " + cfg("") + "}}")).build())
          .hasMessageContaining("No schedule provided neither via code nor config for gerrit-provider:x");
    } finally {
      scheduler.shutdownNow();
    }
    assertThat(GerritProviderConfig.readAll(yaml("{'d': {'host': 'h', 'query': 'p=x', 'branch': ''}}")))
        .containsExactly(new GerritProviderConfig("d", "h", "p=x", null, "catalog-info.yaml", null));
  }

  @Test
  void aScheduledProviderRunsOnceConnected() throws Exception {
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    try {
      providers = GerritProviders.builder()
          .config(yaml("{'gerrit': {'s': " + cfg("") + "}}"))
          .integrations(integrations(PASSWORD))
          .scheduler(scheduler).schedule(TaskSchedule.every(Duration.ofHours(1), Duration.ofMinutes(1)))
          .build();
      providers.providers().get(0).connect(connection);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (connection.mutations.isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(connection.last()).hasSize(2);
    } finally {
      providers.close();
      scheduler.shutdownNow();
    }
  }
}
