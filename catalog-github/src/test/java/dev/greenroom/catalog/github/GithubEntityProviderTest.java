package dev.greenroom.catalog.github;

import static dev.greenroom.catalog.github.GithubFixture.ORG;
import static dev.greenroom.catalog.github.GithubFixture.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.processing.DeferredEntity;
import dev.greenroom.catalog.processing.EntityMutation;
import dev.greenroom.events.EventBroker;
import dev.greenroom.events.EventParams;
import dev.greenroom.integrations.github.FakeGithub;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GithubEntityProviderTest {
  FakeGithub github;
  GithubFixture.Recording connection = new GithubFixture.Recording();
  AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
  Clock clock = new Clock() {
    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  };

  @BeforeEach
  void start() throws Exception {
    github = GithubFixture.acme();
  }

  @AfterEach
  void stop() {
    github.close();
  }

  GithubEntityProvider provider(String providerJson) {
    return provider(providerJson, TOKEN);
  }

  GithubEntityProvider provider(String providerJson, String token) {
    GithubProviders p = GithubProviders.builder()
        .config(Json.parse("{\"github\": " + providerJson.replace("HOST", github.host()) + "}"))
        .integrations(GithubFixture.integrations(github, token))
        .clock(clock)
        .build();
    GithubEntityProvider provider = p.discoveryProviders().get(0);
    provider.connect(connection);
    return provider;
  }

  String target(String repo) {
    return "https://" + github.host() + "/acme/" + repo + "/blob/main/catalog-info.yaml";
  }

  static List<String> targets(EntityMutation m) {
    List<DeferredEntity> list = m instanceof EntityMutation.Full f ? f.entities()
        : ((EntityMutation.Delta) m).added();
    return list.stream().map(d -> d.entity().specString("target")).toList();
  }

  @Test
  void emitsBackstagesLocationEntityForEachRepositoryButArchivedOnes() {
    GithubEntityProvider p = provider("{\"organization\": \"acme\", \"host\": \"HOST\"}");
    assertThat(p.name()).isEqualTo("github-provider:default");
    assertThat(p.refresh()).isTrue();
    EntityMutation.Full full = (EntityMutation.Full) connection.last();
    assertThat(targets(full)).containsExactlyInAnyOrder(target("experimental-x"),
        target("forked-lib"), target("no-catalog"), target("service-a"), target("service-b"),
        target("website"));
    DeferredEntity a = full.entities().stream()
        .filter(d -> d.entity().specString("target").equals(target("service-a"))).findFirst()
        .orElseThrow();
    assertThat(a.locationKey()).isEqualTo("github-provider:default");
    Entity e = a.entity();
    // sha1("url:" + target), as Backstage's locationSpecToMetadataName
    assertThat(e.metadata().name()).isEqualTo(
        "generated-" + sha1("url:" + target("service-a")));
    assertThat(e.toJson()).isEqualTo(Json.parse("""
        {"apiVersion": "backstage.io/v1alpha1", "kind": "Location",
         "metadata": {"name": "%s", "annotations": {
            "backstage.io/managed-by-location": "url:%s",
            "backstage.io/managed-by-origin-location": "url:%s"}},
         "spec": {"type": "url", "target": "%s", "presence": "optional"}}
        """.formatted(e.metadata().name(), target("service-a"), target("service-a"),
        target("service-a"))));
    // the token went to GraphQL, and only there
    assertThat(github.requests()).allSatisfy(r -> {
      assertThat(r.path()).isEqualTo("/api/graphql");
      assertThat(r.authorization()).isEqualTo("Bearer " + TOKEN);
    });
  }

  @Test
  void filtersAsBackstage() {
    GithubEntityProvider p = provider("""
        {"mine": {"organization": "acme", "host": "HOST", "filters": {
          "repository": "(service|website|forked|experimental).*",
          "topic": {"exclude": ["experimental"]},
          "allowForks": false,
          "visibility": ["private", "public"]}}}""");
    assertThat(p.name()).isEqualTo("github-provider:mine");
    p.refresh();
    assertThat(targets(connection.last())).containsExactlyInAnyOrder(target("service-a"),
        target("service-b"), target("website"));

    connection.mutations.clear();
    GithubEntityProvider topics = provider("""
        {"organization": "acme", "host": "HOST", "filters": {"topic": {"include": ["java"]}}}""");
    topics.refresh();
    assertThat(targets(connection.last())).containsExactly(target("service-b"));
  }

  @Test
  void validateLocationsExistKeepsOnlyRepositoriesWithTheFile() {
    GithubEntityProvider p = provider(
        "{\"organization\": \"acme\", \"host\": \"HOST\", \"validateLocationsExist\": true}");
    p.refresh();
    assertThat(targets(connection.last())).doesNotContain(target("no-catalog"))
        .contains(target("service-a"));
  }

  @Test
  void aGlobCatalogPathAndABranchGoIntoTheTarget() {
    GithubEntityProvider p = provider("""
        {"organization": "acme", "host": "HOST", "catalogPath": "/**/catalog-info.yaml",
         "filters": {"branch": "release", "repository": "service-a"}}""");
    p.refresh();
    assertThat(targets(connection.last())).containsExactly(
        "https://" + github.host() + "/acme/service-a/blob/release/**/catalog-info.yaml");
  }

  @Test
  void pagesThroughLargeOrganisations() {
    for (int i = 0; i < 60; i++) {
      github.repo(ORG, "bulk-" + i, GithubFixture.files("catalog-info.yaml", "x"));
    }
    GithubEntityProvider p = provider("""
        {"organization": "acme", "host": "HOST", "filters": {"repository": "bulk-.*"},
         "pageSizes": {"repositories": 25}}""");
    github.clearLog();
    p.refresh();
    assertThat(targets(connection.last())).hasSize(60);
    // 67 repositories in pages of 25
    assertThat(github.requests()).hasSize(3);
  }

  @Test
  void pushEventsRefreshChangedCatalogFilesAndAddOrRemoveLocations() {
    GithubEntityProvider p = provider("{\"organization\": \"acme\", \"host\": \"HOST\"}");
    EventBroker broker = EventBroker.inMemory();
    broker.subscribe(p);
    String repoUrl = "https://" + github.host() + "/acme/service-a";
    broker.publish(new EventParams("github.push", Json.parse("""
        {"ref": "refs/heads/main", "organization": {"login": "acme"},
         "repository": {"name": "service-a", "html_url": "%s", "default_branch": "main",
           "topics": [], "archived": false, "fork": false, "visibility": "private",
           "owner": {"login": "acme"}},
         "commits": [{"added": [], "removed": [], "modified": ["catalog-info.yaml", "README.md"]}]}
        """.formatted(repoUrl)), Map.of("x-github-event", "push")));
    assertThat(connection.refreshes).containsExactly(List.of(
        "url:" + repoUrl + "/tree/main/catalog-info.yaml",
        "url:" + repoUrl + "/blob/main/catalog-info.yaml"));
    assertThat(connection.mutations).isEmpty();

    // another branch, another organisation, no catalog file: nothing
    broker.publish(new EventParams("github.push", Json.parse("""
        {"ref": "refs/heads/feature", "organization": {"login": "acme"},
         "repository": {"name": "service-a", "html_url": "%s", "default_branch": "main",
           "owner": {"login": "acme"}},
         "commits": [{"added": ["catalog-info.yaml"], "removed": [], "modified": []}]}
        """.formatted(repoUrl)), Map.of()));
    broker.publish(new EventParams("github.push", Json.parse("""
        {"ref": "refs/heads/main", "organization": {"login": "other"},
         "repository": {"name": "x", "html_url": "https://h/other/x", "default_branch": "main",
           "owner": {"login": "other"}},
         "commits": [{"added": ["catalog-info.yaml"], "removed": [], "modified": []}]}
        """), Map.of()));
    broker.publish(new EventParams("github.push", Json.parse("""
        {"ref": "refs/heads/main", "organization": {"login": "acme"},
         "repository": {"name": "service-a", "html_url": "%s", "default_branch": "main",
           "owner": {"login": "acme"}},
         "commits": [{"added": ["docs/index.md"], "removed": [], "modified": ["src/A.java"]}]}
        """.formatted(repoUrl)), Map.of()));
    assertThat(connection.refreshes).hasSize(1);
    assertThat(connection.mutations).isEmpty();

    String newRepo = "https://" + github.host() + "/acme/brand-new";
    broker.publish(new EventParams("github.push", Json.parse("""
        {"ref": "refs/heads/main", "organization": {"login": "acme"},
         "repository": {"name": "brand-new", "html_url": "%s", "default_branch": "main",
           "owner": {"login": "acme"}},
         "commits": [{"added": ["catalog-info.yaml"], "removed": [], "modified": []},
                     {"added": [], "removed": ["catalog-info.yaml"], "modified": []}]}
        """.formatted(newRepo)), Map.of()));
    EntityMutation.Delta delta = (EntityMutation.Delta) connection.last();
    String target = newRepo + "/blob/main/catalog-info.yaml";
    assertThat(targets(delta)).containsExactly(target);
    assertThat(delta.added().get(0).locationKey()).isEqualTo("github-provider:default");
    assertThat(delta.removed()).singleElement().satisfies(r -> {
      assertThat(r.ref().toString()).isEqualTo(
          "location:default/" + GithubEntityProvider.locationName("url", target));
      assertThat(r.locationKey()).isEqualTo("github-provider:default");
    });
  }

  @Test
  void repositoryEventsAddAndRemoveLocationsWithoutWaitingForTheSchedule() {
    GithubEntityProvider p = provider("{\"organization\": \"acme\", \"host\": \"HOST\"}");
    String url = "https://" + github.host() + "/acme/";
    String repo = """
        {"name": "%s", "html_url": "%s", "default_branch": "main", "topics": [],
         "archived": %s, "fork": false, "visibility": "private", "owner": {"login": "acme"}}""";
    p.onEvent(new EventParams("github.repository", Json.parse("""
        {"action": "archived", "organization": {"login": "acme"}, "repository": %s}
        """.formatted(repo.formatted("service-a", url + "service-a", true))), Map.of()));
    EntityMutation.Delta archived = (EntityMutation.Delta) connection.last();
    assertThat(archived.added()).isEmpty();
    assertThat(archived.removed()).singleElement().satisfies(r -> assertThat(r.ref().name())
        .isEqualTo(GithubEntityProvider.locationName("url", target("service-a"))));

    p.onEvent(new EventParams("github.repository", Json.parse("""
        {"action": "renamed", "organization": {"login": "acme"}, "repository": %s,
         "changes": {"repository": {"name": {"from": "service-b"}}}}
        """.formatted(repo.formatted("service-bee", url + "service-bee", false))), Map.of()));
    EntityMutation.Delta added = (EntityMutation.Delta) connection.last();
    EntityMutation.Delta removedOld = (EntityMutation.Delta) connection.mutations
        .get(connection.mutations.size() - 2);
    assertThat(removedOld.removed()).singleElement().satisfies(r -> assertThat(r.ref().name())
        .isEqualTo(GithubEntityProvider.locationName("url", target("service-b"))));
    assertThat(targets(added)).containsExactly(target("service-bee"));

    p.onEvent(new EventParams("github.repository", Json.parse("""
        {"action": "deleted", "organization": {"login": "acme"}, "repository": %s}
        """.formatted(repo.formatted("website", url + "website", false))), Map.of()));
    assertThat(((EntityMutation.Delta) connection.last()).removed()).hasSize(1);
    int before = connection.mutations.size();
    p.onEvent(new EventParams("github.repository", Json.parse("""
        {"action": "created", "organization": {"login": "acme"}, "repository": %s}
        """.formatted(repo.formatted("fresh", url + "fresh", false))), Map.of()));
    assertThat(connection.mutations).hasSize(before);
    p.onEvent(new EventParams("github.repository", Json.parse("""
        {"action": "unarchived", "organization": {"login": "acme"}, "repository": %s}
        """.formatted(repo.formatted("old-app", url + "old-app", false))), Map.of()));
    assertThat(targets(connection.last())).containsExactly(target("old-app"));
  }

  @Test
  void aRefusedTokenNamesTheHostAndIntegrationNeverTheToken() {
    String wrong = "ghp_wrongToken9999999999999999999999";
    GithubEntityProvider p = provider("{\"organization\": \"acme\", \"host\": \"HOST\"}", wrong);
    assertThatThrownBy(p::refresh).isInstanceOf(GithubProviderException.class)
        .satisfies(e -> {
          assertThat(((GithubProviderException) e).kind())
              .isEqualTo(GithubProviderException.Kind.CREDENTIALS);
          assertThat(e.getMessage()).contains(github.host()).contains("integrations.github")
              .contains("401").doesNotContain(wrong);
        });
    assertThat(connection.mutations).isEmpty();
  }

  @Test
  void aFailingHostKeepsTheLastEntitiesAndBacksOff() {
    GithubEntityProvider p = provider("{\"organization\": \"acme\", \"host\": \"HOST\"}");
    assertThat(p.refresh()).isTrue();
    int good = connection.mutations.size();

    github.failWith(500);
    assertThatThrownBy(p::refresh).isInstanceOf(GithubProviderException.class)
        .hasMessageContaining("500");
    assertThat(connection.mutations).hasSize(good); // no mutation: the last good set stays
    github.clearLog();
    assertThat(p.refresh()).isFalse(); // backing off: GitHub is not asked
    assertThat(github.requests()).isEmpty();
    assertThat(p.backingOffUntil()).isEqualTo(now.get().plus(Duration.ofMinutes(1)));

    now.set(now.get().plus(Duration.ofMinutes(2)));
    assertThatThrownBy(p::refresh).isInstanceOf(GithubProviderException.class);
    // the second failure in a row waits twice as long
    assertThat(p.backingOffUntil()).isEqualTo(now.get().plus(Duration.ofMinutes(2)));

    github.failWith(429); // retry-after: 30
    now.set(now.get().plus(Duration.ofMinutes(3)));
    assertThatThrownBy(p::refresh).isInstanceOf(GithubProviderException.class)
        .satisfies(e -> assertThat(((GithubProviderException) e).kind())
            .isEqualTo(GithubProviderException.Kind.RATE_LIMITED));
    assertThat(p.backingOffUntil()).isEqualTo(now.get().plus(Duration.ofSeconds(30)));

    github.failWith(0);
    github.rateLimited(true); // 403, x-ratelimit-remaining: 0, reset in 600 s (on the real clock)
    now.set(Instant.now());
    assertThatThrownBy(p::refresh).hasMessageContaining("Rate limit exceeded")
        .hasMessageContaining(github.host());
    assertThat(p.backingOffUntil()).isAfter(now.get().plus(Duration.ofSeconds(590)));

    github.rateLimited(false);
    now.set(now.get().plus(Duration.ofMinutes(11)));
    assertThat(p.refresh()).isTrue();
    assertThat(connection.mutations).hasSize(good + 1);
    assertThat(p.lastError()).isNull();
  }

  @Test
  void configErrorsNameTheKey() {
    assertThatThrownBy(() -> provider("{\"organization\": \"acme\", \"host\": \"nowhere.example\"}"))
        .hasMessageContaining("catalog.providers.github")
        .hasMessageContaining("nowhere.example");
    assertThatThrownBy(() -> provider("{\"p\": {\"host\": \"HOST\"}}"))
        .hasMessageContaining("catalog.providers.github.p");
    assertThatThrownBy(() -> provider(
        "{\"organization\": \"acme\", \"host\": \"HOST\", \"filters\": {\"branch\": \"a/b\"}}"))
        .hasMessageContaining("catalog.providers.github.filters.branch");
    assertThatThrownBy(() -> provider(
        "{\"organization\": \"acme\", \"host\": \"HOST\", \"filters\": {\"repository\": \"(\"}}"))
        .hasMessageContaining("catalog.providers.github.filters.repository");
    assertThatThrownBy(() -> provider("""
        {"organization": "acme", "host": "HOST", "catalogPath": "**/c.yaml",
         "validateLocationsExist": true}"""))
        .hasMessageContaining("wildcard");
    assertThatThrownBy(() -> provider(
        "{\"organization\": \"acme\", \"host\": \"HOST\", \"schedule\": {\"frequency\": 5}}"))
        .hasMessageContaining("catalog.providers.github.schedule.timeout");
  }

  static String sha1(String s) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-1")
          .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
