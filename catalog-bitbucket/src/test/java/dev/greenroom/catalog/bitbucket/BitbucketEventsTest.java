package dev.greenroom.catalog.bitbucket;

import static dev.greenroom.catalog.bitbucket.BitbucketCloudEntityProviderTest.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.catalog.processing.location.CatalogRules;
import dev.greenroom.events.EventBroker;
import dev.greenroom.events.EventParams;
import dev.greenroom.integrations.BitbucketCloudIntegrationConfig;
import dev.greenroom.integrations.IntegrationsConfig;
import dev.greenroom.integrations.ScmIntegrations;
import dev.greenroom.integrations.Secret;
import dev.greenroom.integrations.bitbucket.FakeBitbucketCloud;
import dev.greenroom.integrations.bitbucket.FakeBitbucketServer;
import dev.greenroom.integrations.testing.FakeRepo;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Webhook events update one repository's Locations between scheduled runs. */
class BitbucketEventsTest {
  static final String SECRET = "ATATTeventsT0kenNeverShown";
  static final String COMPONENT = """
      apiVersion: backstage.io/v1alpha1
      kind: Component
      metadata:
        name: %s
        description: %s
      spec:
        type: service
        lifecycle: production
        owner: user:guest
      """;

  CatalogEngine engine;
  BitbucketProviders providers;
  AutoCloseable host;
  final EventBroker events = EventBroker.inMemory();

  @AfterEach
  void stop() throws Exception {
    providers.close();
    engine.close();
    host.close();
  }

  void start(IntegrationsConfig integrations, String providerConfig) {
    providers = BitbucketProviders.builder()
        .config(yaml(providerConfig))
        .integrations(integrations)
        .events(events)
        .build();
    CatalogEngine.Builder b = CatalogEngine.builder()
        .rules(CatalogRules.allowAll())
        .urlReader(ScmIntegrations.builder().config(integrations).build().urlReader())
        .processingDisabled();
    providers.providers().forEach(b::provider);
    engine = b.build();
    engine.start();
    providers.refresh();
    assertThat(engine.awaitIdle(Duration.ofMinutes(1))).isTrue();
  }

  boolean has(String ref) {
    return engine.catalog().entity(EntityRef.parse(ref)).isPresent();
  }

  String description(String ref) {
    return engine.catalog().entity(EntityRef.parse(ref)).orElseThrow().metadata().description();
  }

  @Test
  void cloudPushesAddRemoveAndRefreshOneRepositorysLocations() throws Exception {
    FakeBitbucketCloud cloud = new FakeBitbucketCloud("acme");
    host = cloud;
    cloud.basic("bot", SECRET);
    FakeRepo searcher = cloud.repo("CAT", "searcher", Fixtures.repo("searcher"), "main");
    FakeRepo notes = cloud.repo("CAT", "notes", Fixtures.repo("no-catalog"), "main");
    IntegrationsConfig none = IntegrationsConfig.parse(Json.object(), false);
    IntegrationsConfig integrations = new IntegrationsConfig(none.github(), none.gitlab(),
        List.of(new BitbucketCloudIntegrationConfig(cloud.host(), cloud.apiBaseUrl(), "bot", null,
            Secret.of(SECRET))), none.bitbucketServer(), none.azure(), none.gerrit(), none.gitea());
    start(integrations, "{'bitbucketCloud': {'workspace': 'acme'}}");
    assertThat(has("component:default/searcher")).isTrue();

    // a catalog file pushed to a repository that had none: its Location is added
    notes.put("catalog-info.yaml", COMPONENT.formatted("notes", "Notes"));
    events.publish(push(cloud, "notes", "acme"));
    engine.awaitIdle(Duration.ofMinutes(1));
    assertThat(has("component:default/notes")).isTrue();

    // a changed file: the entities read from it are refreshed now
    searcher.put("catalog-info.yaml", COMPONENT.formatted("searcher", "Searches everything"));
    events.publish(push(cloud, "searcher", "acme"));
    engine.awaitIdle(Duration.ofMinutes(1));
    assertThat(description("component:default/searcher")).isEqualTo("Searches everything");

    // the file removed: its Location goes, and the entities it led to
    searcher.remove("catalog-info.yaml");
    events.publish(push(cloud, "searcher", "acme"));
    engine.awaitIdle(Duration.ofMinutes(1));
    assertThat(has("component:default/searcher")).isFalse();
    assertThat(has("component:default/notes")).isTrue();

    // another workspace's event changes nothing and asks nothing
    cloud.clearLog();
    events.publish(push(cloud, "notes", "someone-else"));
    assertThat(cloud.requests()).isEmpty();
  }

  @Test
  void aCloudRepositoryRenameMovesItsLocation() throws Exception {
    FakeBitbucketCloud cloud = new FakeBitbucketCloud("acme");
    host = cloud;
    cloud.basic("bot", SECRET);
    cloud.repo("CAT", "searcher", Fixtures.repo("searcher"), "main");
    IntegrationsConfig none = IntegrationsConfig.parse(Json.object(), false);
    IntegrationsConfig integrations = new IntegrationsConfig(none.github(), none.gitlab(),
        List.of(new BitbucketCloudIntegrationConfig(cloud.host(), cloud.apiBaseUrl(), "bot", null,
            Secret.of(SECRET))), none.bitbucketServer(), none.azure(), none.gerrit(), none.gitea());
    start(integrations, "{'bitbucketCloud': {'workspace': 'acme'}}");
    String oldTarget = cloud.webUrl("searcher", "src/main/catalog-info.yaml");
    String newTarget = cloud.webUrl("finder", "src/main/catalog-info.yaml");
    assertThat(has(LocationEntities.ref(oldTarget).toString())).isTrue();

    cloud.repo("CAT", "finder", Fixtures.repo("searcher"), "main"); // the repository, renamed
    events.publish(new EventParams(BitbucketCloudEntityProvider.TOPIC_REPO_UPDATED, yaml("{'repository': {"
        + "'full_name': 'acme/finder', 'workspace': {'slug': 'acme'}, 'project': {'key': 'CAT'},"
        + "'links': {'html': {'href': '" + cloud.webUrl("finder", "") + "'}}},"
        + "'changes': {'links': {'old': {'html': {'href': '" + cloud.webUrl("searcher", "") + "'}},"
        + "'new': {'html': {'href': '" + cloud.webUrl("finder", "") + "'}}}}}"), Map.of()));
    engine.awaitIdle(Duration.ofMinutes(1));

    assertThat(has(LocationEntities.ref(oldTarget).toString())).isFalse();
    assertThat(has(LocationEntities.ref(newTarget).toString())).isTrue();
    assertThat(engine.catalog().entity(EntityRef.parse("component:default/searcher")).orElseThrow()
        .metadata().annotation("backstage.io/managed-by-location")).isEqualTo("url:" + newTarget);
  }

  EventParams push(FakeBitbucketCloud cloud, String slug, String workspace) {
    return new EventParams(BitbucketCloudEntityProvider.TOPIC_REPO_PUSH, yaml("{'repository': {"
        + "'full_name': '" + workspace + "/" + slug + "', 'workspace': {'slug': '" + workspace + "'},"
        + "'project': {'key': 'CAT'}, 'links': {'html': {'href': '" + cloud.webUrl(slug, "") + "'}}},"
        + "'push': {'changes': []}}"), Map.of("x-event-key", "repo:push"));
  }

  @Test
  void serverRefsChangedAddsANewRepositorysLocationAndRefreshesIt() throws Exception {
    FakeBitbucketServer server = new FakeBitbucketServer();
    host = server;
    server.bearer(SECRET);
    FakeRepo searcher = server.repo("CAT", "searcher", Fixtures.repo("searcher"), "main", false);
    IntegrationsConfig integrations = IntegrationsConfig.parse(yaml("{'bitbucketServer': [{'host': '"
        + server.host() + "', 'apiBaseUrl': '" + server.apiBaseUrl() + "', 'token': '" + SECRET + "'}]}"), false);
    start(integrations, "{'bitbucketServer': {'host': '" + server.host() + "'}}");
    assertThat(has("component:default/searcher")).isTrue();

    server.repo("CAT", "billing", Fixtures.repo("playback-order"), "main", false);
    events.publish(refsChanged("CAT", "billing"));
    engine.awaitIdle(Duration.ofMinutes(1));
    assertThat(has("component:default/playback-order")).isTrue();

    searcher.put("catalog-info.yaml", COMPONENT.formatted("searcher", "Pushed"));
    events.publish(refsChanged("CAT", "searcher"));
    engine.awaitIdle(Duration.ofMinutes(1));
    assertThat(description("component:default/searcher")).isEqualTo("Pushed");
  }

  static EventParams refsChanged(String project, String slug) {
    return new EventParams(BitbucketServerEntityProvider.TOPIC_REPO_REFS_CHANGED, yaml(
        "{'eventKey': 'repo:refs_changed', 'repository': {'slug': '" + slug + "', 'project': {'key': '"
            + project + "'}}, 'changes': [{'ref': {'id': 'refs/heads/main', 'displayId': 'main',"
            + " 'type': 'BRANCH'}, 'type': 'UPDATE'}]}"), Map.of());
  }
}
