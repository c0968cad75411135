package dev.greenroom.catalog.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.processing.DeferredEntity;
import dev.greenroom.catalog.processing.EntityMutation;
import dev.greenroom.catalog.processing.EntityProviderConnection;
import dev.greenroom.catalog.processing.ProcessingException;
import dev.greenroom.catalog.processing.schedule.TaskSchedule;
import dev.greenroom.integrations.IntegrationsConfig;
import dev.greenroom.integrations.ReadLimits;
import dev.greenroom.integrations.azure.FakeAzureSearch;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@link AzureDevOpsEntityProvider} against {@code FakeAzureSearch}, a local Azure DevOps code search. */
class AzureDevOpsEntityProviderTest {
  static final String PAT = "azdoPatT0kenNeverShownAnywhere42";

  FakeAzureSearch search;
  AzureDevOpsProviders providers;
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

  @BeforeEach
  void start() throws Exception {
    search = new FakeAzureSearch("myorganization").token(PAT);
    search.file("myproject", "myrepo", "main", "/catalog-info.yaml")
        .file("myproject", "myotherrepo", "main", "/catalog-info.yaml")
        .file("myproject", "myotherrepo", "main", "/docs/catalog-info.yaml")
        .file("myproject", "notes", "main", "/README.md")
        .file("otherproject", "elsewhere", "main", "/catalog-info.yaml")
        .repository("myproject", "develop-only", "main")
        .file("myproject", "develop-only", "develop", "/catalog-info.yaml");
  }

  @AfterEach
  void stop() {
    if (providers != null) {
      providers.close();
    }
    search.close();
  }

  static JsonNode yaml(String json) {
    return Json.parse(json.replace('\'', '"'));
  }

  IntegrationsConfig integrations(String host, String pat) {
    return IntegrationsConfig.parse(yaml("{'azure': [{'host': '" + host
        + "', 'credentials': [{'personalAccessToken': '" + pat + "'}]}]}"), false);
  }

  AzureDevOpsEntityProvider provider(String providerConfig, String pat, ReadLimits limits) {
    providers = AzureDevOpsProviders.builder()
        .config(yaml("{'azureDevOps': {'main': " + providerConfig + "}}"))
        .integrations(integrations("dev.azure.com", pat))
        .limits(limits)
        .build();
    AzureDevOpsEntityProvider p = providers.azureDevOps().get(0);
    p.connect(connection);
    return p;
  }

  AzureDevOpsEntityProvider provider(String providerConfig) {
    return provider(providerConfig, PAT, ReadLimits.DEFAULTS);
  }

  String cfg(String extra) {
    return "{'organization': 'myorganization', 'project': 'myproject', 'searchBaseUrl': '"
        + search.baseUrl() + "'" + extra + "}";
  }

  @Test
  void emitsTheLocationsBackstageEmitsWithItsNames() {
    AzureDevOpsEntityProvider p = provider(cfg(""));
    assertThat(p.name()).isEqualTo("AzureDevOpsEntityProvider:main");
    assertThat(p.refresh()).isEqualTo(2);

    List<Entity> entities = connection.last();
    // the names Backstage's own test expects for these targets (AzureDevOpsEntityProvider.test.ts)
    assertThat(entities).extracting(e -> e.metadata().name()).containsExactly(
        "generated-2deccac384c34d0dca37be0ebb4b1c8cf6913fe1",
        "generated-87865246726bb12a8c4fb4f914443f1fbb91648c");
    Entity first = entities.get(1);
    String target = "https://dev.azure.com/myorganization/myproject/_git/myrepo?path=/catalog-info.yaml";
    assertThat(first.kind()).isEqualTo("Location");
    assertThat(first.metadata().annotation("backstage.io/managed-by-location")).isEqualTo("url:" + target);
    assertThat(first.metadata().annotation("backstage.io/managed-by-origin-location")).isEqualTo("url:" + target);
    assertThat(first.spec().path("type").asString()).isEqualTo("url");
    assertThat(first.spec().path("target").asString()).isEqualTo(target);
    assertThat(first.spec().path("presence").asString()).isEqualTo("required");
    assertThat(((EntityMutation.Full) connection.mutations.get(0)).entities())
        .allSatisfy(d -> assertThat(d.locationKey()).isEqualTo("AzureDevOpsEntityProvider:main"));

    FakeAzureSearch.Request r = search.requests().get(0);
    assertThat(r.path()).isEqualTo("/myorganization/_apis/search/codesearchresults");
    assertThat(r.query()).isEqualTo("api-version=6.0-preview.1");
    assertThat(r.authorization()).isEqualTo("Basic " + java.util.Base64.getEncoder()
        .encodeToString((":" + PAT).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    assertThat(r.body().path("searchText").asString()).isEqualTo("path:/catalog-info.yaml repo:* proj:myproject");
    assertThat(r.body().path("$orderBy").toString()).isEqualTo("[{\"field\":\"path\",\"sortOrder\":\"ASC\"}]");
    assertThat(r.body().path("$skip").asInt()).isZero();
    assertThat(r.body().path("$top").asInt()).isEqualTo(1000);
    assertThat(r.body().has("filters")).isFalse();
  }

  @Test
  void aBranchIsSearchedAndNamedInTheTargets() {
    AzureDevOpsEntityProvider p = provider(cfg(", 'branch': 'develop', 'repository': 'develop-*'"));
    p.refresh();
    assertThat(connection.last()).extracting(e -> e.spec().path("target").asString()).containsExactly(
        "https://dev.azure.com/myorganization/myproject/_git/develop-only?path=/catalog-info.yaml&version=GBdevelop");
    assertThat(search.requests().get(0).body().path("filters").toString()).isEqualTo("{\"Branch\":[\"develop\"]}");
    assertThat(search.requests().get(0).body().path("searchText").asString())
        .isEqualTo("path:/catalog-info.yaml repo:develop-* proj:myproject");
  }

  @Test
  void wildcardPathsFindFilesInFoldersAndTargetsAreEncodedAsEncodeUri() {
    search.file("my project", "repo ü", "main", "/svc/catalog-info.yaml");
    AzureDevOpsEntityProvider p = provider("{'organization': 'myorganization', 'project': '*',"
        + " 'path': '/**/catalog-info.yaml', 'searchBaseUrl': '" + search.baseUrl() + "'}");
    p.refresh();
    assertThat(connection.last()).extracting(e -> e.spec().path("target").asString()).containsExactly(
        "https://dev.azure.com/myorganization/myproject/_git/myotherrepo?path=/catalog-info.yaml",
        "https://dev.azure.com/myorganization/myproject/_git/myrepo?path=/catalog-info.yaml",
        "https://dev.azure.com/myorganization/otherproject/_git/elsewhere?path=/catalog-info.yaml",
        "https://dev.azure.com/myorganization/myproject/_git/myotherrepo?path=/docs/catalog-info.yaml",
        "https://dev.azure.com/myorganization/my%20project/_git/repo%20%C3%BC?path=/svc/catalog-info.yaml");
    assertThat(AzureDevOpsEntityProvider.encodeUri("https://h/a b?path=/x#y&z=é%"))
        .isEqualTo("https://h/a%20b?path=/x#y&z=%C3%A9%25");
  }

  @Test
  void resultsArePagedAThousandAtATime() {
    for (int i = 0; i < 2345; i++) {
      search.file("myproject", String.format("svc-%04d", i), "main", "/catalog-info.yaml");
    }
    AzureDevOpsEntityProvider p = provider(cfg(", 'repository': 'svc-*'"));
    assertThat(p.refresh()).isEqualTo(2345);
    assertThat(search.requests()).extracting(r -> r.body().path("$skip").asInt()).containsExactly(0, 1000, 2000);
    assertThat(connection.last()).extracting(Entity::metadata).doesNotHaveDuplicates();
  }

  @Test
  void moreFilesThanTheLimitFailTheRun() {
    for (int i = 0; i < 30; i++) {
      search.file("myproject", "svc-" + i, "main", "/catalog-info.yaml");
    }
    providers = AzureDevOpsProviders.builder()
        .config(yaml("{'azureDevOps': {'main': " + cfg("") + "}}"))
        .integrations(integrations("dev.azure.com", PAT)).maxLocations(10).build();
    AzureDevOpsEntityProvider p = providers.azureDevOps().get(0);
    p.connect(connection);
    assertThatThrownBy(p::refresh).isInstanceOf(ProcessingException.class)
        .hasMessageContaining("more than 10").hasMessageContaining("dev.azure.com");
    assertThat(connection.mutations).isEmpty();
  }

  @Test
  void failuresKeepTheLastGoodEntitiesAndNameTheHostButNeverTheToken() {
    AzureDevOpsEntityProvider p = provider(cfg(""), PAT, new ReadLimits(Duration.ofMillis(700),
        ReadLimits.DEFAULTS.maxBytes(), ReadLimits.DEFAULTS.maxTreeFiles(), ReadLimits.DEFAULTS.maxTreeBytes()));
    p.refresh();
    List<Entity> good = connection.last();
    assertThat(good).hasSize(2);

    search.fail(500);
    assertThatThrownBy(p::refresh).isInstanceOf(ProcessingException.class)
        .hasMessageContaining("Azure integration for dev.azure.com")
        .hasMessageContaining("500")
        .hasMessageContaining("AzureDevOpsEntityProvider:main")
        .hasMessageNotContaining(PAT);
    search.fail(0);

    search.delay(Duration.ofSeconds(2));
    assertThatThrownBy(p::refresh).isInstanceOf(ProcessingException.class)
        .hasMessageContaining("did not answer within")
        .hasMessageContaining("Azure integration for dev.azure.com")
        .hasMessageNotContaining(PAT);
    search.delay(Duration.ZERO);
    assertThat(connection.mutations).hasSize(1);
    assertThat(connection.last()).isEqualTo(good);
  }

  @Test
  void aRefusedTokenIsAnErrorNamingTheIntegrationNeverTheToken() {
    String wrong = "azdoWrongT0kenAlsoNeverShown77";
    AzureDevOpsEntityProvider p = provider(cfg(""), wrong, ReadLimits.DEFAULTS);
    assertThatThrownBy(p::refresh).isInstanceOf(ProcessingException.class)
        .hasMessageContaining("203")
        .hasMessageContaining("credentials of the Azure integration for dev.azure.com were refused")
        .hasMessageNotContaining(wrong).hasMessageNotContaining(PAT);
    assertThat(connection.mutations).isEmpty();

    // no credentials at all: 401
    providers.close();
    providers = AzureDevOpsProviders.builder()
        .config(yaml("{'azureDevOps': {'main': " + cfg("") + "}}"))
        .integrations(IntegrationsConfig.parse(Json.object(), true)).build();
    AzureDevOpsEntityProvider anonymous = providers.azureDevOps().get(0);
    anonymous.connect(connection);
    assertThatThrownBy(anonymous::refresh).hasMessageContaining("401");
    assertThat(search.requests().get(search.requests().size() - 1).authorization()).isEmpty();
  }

  @Test
  void theSearchServiceIsPickedAsBackstagePicksIt() {
    IntegrationsConfig all = IntegrationsConfig.parse(yaml("{'azure': [{'host': 'dev.azure.com'},"
        + " {'host': 'acme.visualstudio.com'}, {'host': 'tfs.example.com'}]}"), false);
    providers = AzureDevOpsProviders.builder().integrations(all).config(yaml("{'azureDevOps': {"
        + "'a': {'organization': 'o', 'project': 'p'},"
        + "'b': {'organization': 'o', 'project': 'p', 'host': 'acme.visualstudio.com'},"
        + "'c': {'organization': 'DefaultCollection', 'project': 'p', 'host': 'TFS.example.com'}}}")).build();
    assertThat(providers.azureDevOps()).extracting(AzureDevOpsEntityProvider::searchBaseUrl).containsExactly(
        "https://almsearch.dev.azure.com", "https://almsearch.dev.azure.com", "https://tfs.example.com");
    assertThat(providers.azureDevOps().get(0).config()).isEqualTo(new AzureDevOpsProviderConfig(
        "a", "dev.azure.com", "o", "p", "*", "/catalog-info.yaml", null, null, null));
  }

  @Test
  void configErrorsNameTheKey() {
    assertThatThrownBy(() -> AzureDevOpsProviders.builder()
        .config(yaml("{'azureDevOps': {'main': {'project': 'p'}}}")).build())
        .isInstanceOf(AzureDevOpsConfigException.class)
        .hasMessage("catalog.providers.azureDevOps.main.organization is required");
    assertThatThrownBy(() -> AzureDevOpsProviders.builder()
        .config(yaml("{'azureDevOps': {'main': {'organization': 'o', 'project': 'p', 'host': 'ado.example.com'}}}"))
        .build())
        .isInstanceOf(AzureDevOpsConfigException.class)
        .hasMessageContaining("There is no Azure integration for host ado.example.com")
        .hasMessageContaining("catalog.providers.azureDevOps.main.host");
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    try {
      assertThatThrownBy(() -> AzureDevOpsProviders.builder().scheduler(scheduler)
          .config(yaml("{'azureDevOps': {'test': {'organization': 'o', 'project': 'p'}}}")).build())
          .hasMessageContaining("No schedule provided neither via code nor config for AzureDevOpsEntityProvider:test");
      assertThatThrownBy(() -> AzureDevOpsProviders.builder()
          .config(yaml("{'azureDevOps': {'m': {'organization': 'o', 'project': 'p', 'schedule': {'frequency': 'often'}}}}"))
          .build())
          .isInstanceOf(AzureDevOpsConfigException.class)
          .hasMessageContaining("catalog.providers.azureDevOps.m.schedule");
    } finally {
      scheduler.shutdownNow();
    }
  }

  @Test
  void aScheduledProviderRunsOnceConnected() throws Exception {
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    try {
      providers = AzureDevOpsProviders.builder()
          .config(yaml("{'azureDevOps': {'main': " + cfg("") + "}}"))
          .integrations(integrations("dev.azure.com", PAT))
          .scheduler(scheduler).schedule(TaskSchedule.every(Duration.ofHours(1), Duration.ofMinutes(1)))
          .build();
      providers.providers().get(0).connect(connection);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (connection.mutations.isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(connection.last()).hasSize(2);
      providers.triggerAll();
      deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (connection.mutations.size() < 2 && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(connection.mutations).hasSize(2);
    } finally {
      providers.close();
      scheduler.shutdownNow();
    }
  }
}
