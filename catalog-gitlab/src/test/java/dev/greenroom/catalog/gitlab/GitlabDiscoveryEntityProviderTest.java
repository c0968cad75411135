package dev.greenroom.catalog.gitlab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.catalog.query.EntityPredicate;
import dev.greenroom.catalog.processing.LocationSpec;
import dev.greenroom.catalog.processing.engine.Orchestrator;
import dev.greenroom.events.EventBroker;
import dev.greenroom.events.EventParams;
import dev.greenroom.integrations.ReadLimits;
import dev.greenroom.integrations.ScmIntegrations;
import dev.greenroom.integrations.gitlab.FakeGitlab;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class GitlabDiscoveryEntityProviderTest {
  GitlabWorld world;

  @BeforeEach
  void start() throws Exception {
    world = new GitlabWorld();
  }

  @AfterEach
  void stop() {
    world.close();
  }

  String target(String project, String branch) {
    return world.gitlab.webUrl(project, "-/blob/" + branch + "/catalog-info.yaml");
  }

  static EntityRef location(String target) {
    return EntityRef.of("location", "default",
        Orchestrator.generatedLocationName(new LocationSpec("url", target, true)));
  }

  List<String> locationTargets(CatalogEngine engine) {
    List<String> out = new java.util.ArrayList<>();
    engine.catalog().forEach(EntityPredicate.eq("kind", "location"), null,
        e -> out.add(e.spec().path("target").asString()));
    return out.stream().sorted().toList();
  }

  @Test
  void emitsBackstagesLocationEntitiesForTheGroupsProjectsThatHoldTheCatalogFile() {
    ScmIntegrations scm = world.integrations(GitlabWorld.TOKEN);
    GitlabProviders providers = GitlabProviders.builder().config(world.providerConfig(""))
        .integrations(scm).build();
    GitlabDiscoveryEntityProvider discovery = providers.discoveryProviders().get(0);
    assertThat(discovery.name()).isEqualTo("GitlabDiscoveryEntityProvider:main");
    try (CatalogEngine engine = world.engine(scm, providers)) {
      engine.start();
      assertThat(discovery.refresh()).isEqualTo(3);
      assertThat(engine.awaitIdle(Duration.ofMinutes(1))).isTrue();

      // archived, outside the group and without the file are left out; forks are kept by default
      assertThat(locationTargets(engine)).containsExactly(
          target("acme/fork-of-a", "main"),
          target("acme/platform/service-b", "trunk"),
          target("acme/service-a", "main"));
      String a = target("acme/service-a", "main");
      Entity location = engine.catalog().entity(location(a)).orElseThrow();
      assertThat(location.metadata().annotations()).containsEntry("backstage.io/managed-by-location", "url:" + a)
          .containsEntry("backstage.io/managed-by-origin-location", "url:" + a);
      assertThat(location.spec().path("type").asString()).isEqualTo("url");
      assertThat(location.spec().path("presence").asString()).isEqualTo("optional");
      // the engine reads each target through the GitLab reader
      Entity serviceB = engine.catalog().entity(EntityRef.parse("component:default/service-b")).orElseThrow();
      assertThat(serviceB.metadata().annotations()).containsEntry("backstage.io/managed-by-location",
          "url:" + target("acme/platform/service-b", "trunk"));
      assertThat(engine.catalog().entity(EntityRef.parse("component:default/service-a"))).isPresent();
    }
    // the token went in the Authorization header only
    assertThat(world.gitlab.requests()).allSatisfy(r -> {
      assertThat(r.token()).isEqualTo(GitlabWorld.TOKEN);
      assertThat(r.tokenHeader()).isEqualTo("Authorization");
      assertThat(r.query()).doesNotContain(GitlabWorld.TOKEN);
    });
    assertThat(world.gitlab.requests()).anySatisfy(r -> {
      assertThat(r.method()).isEqualTo("HEAD");
      assertThat(r.path()).endsWith("/repository/files/catalog-info.yaml");
    });
  }

  @Test
  void filtersAsBackstagesKeysSay() {
    world.gitlab.hideDefaultBranch("acme/service-a");
    ScmIntegrations scm = world.integrations(GitlabWorld.TOKEN);
    GitlabProviders providers = GitlabProviders.builder().config(world.providerConfig(
        "\"skipForkedRepos\":true,\"includeArchivedRepos\":true,\"fallbackBranch\":\"main\","
            + "\"projectPattern\":\"service|old\",\"excludeRepos\":[\"acme/platform/service-b\"]"))
        .integrations(scm).build();
    try (CatalogEngine engine = world.engine(scm, providers)) {
      engine.start();
      providers.discoveryProviders().get(0).refresh();
      assertThat(engine.awaitIdle(Duration.ofMinutes(1))).isTrue();
      assertThat(locationTargets(engine)).containsExactly(
          target("acme/old", "main"), target("acme/service-a", "main"));
    }
  }

  @Test
  void readingAnUnchangedGroupAgainCostsOnlyConditionalRequests() {
    ScmIntegrations scm = world.integrations(GitlabWorld.TOKEN);
    GitlabProviders providers = GitlabProviders.builder().config(world.providerConfig("\"skipForkedRepos\":true"))
        .integrations(scm).build();
    try (CatalogEngine engine = world.engine(scm, providers)) {
      engine.start();
      providers.discoveryProviders().get(0).refresh();
      assertThat(engine.awaitIdle(Duration.ofMinutes(1))).isTrue();

      world.gitlab.clearLog();
      providers.discoveryProviders().get(0).refresh();
      for (String t : locationTargets(engine)) {
        assertThat(engine.refresh(location(t))).isTrue();
      }
      assertThat(engine.awaitIdle(Duration.ofMinutes(1))).isTrue();
      // discovery: one page of projects and one HEAD per project kept (service-a, service-b,
      // no-catalog; the archived one is filtered by GitLab, the fork by the provider); each catalog
      // file: one conditional GET with the ETag of the last read (answered 304), nothing else
      List<FakeGitlab.Request> reads = world.gitlab.requests().stream()
          .filter(r -> r.path().endsWith("/raw")).toList();
      assertThat(reads).hasSize(2).allSatisfy(r -> assertThat(r.ifNoneMatch()).startsWith("\""));
      assertThat(world.gitlab.requests()).hasSize(1 + 3 + 2);
      assertThat(engine.catalog().entity(EntityRef.parse("component:default/service-a"))).isPresent();
    }
  }

  @Test
  void useSearchFindsCatalogFilesWithGitlabsBlobSearch() {
    world.gitlab.file("acme/no-catalog", "services/api/catalog-info.yaml", """
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata:
          name: nested-api
        spec:
          type: service
          lifecycle: production
          owner: group:platform
        """.getBytes(StandardCharsets.UTF_8));
    ScmIntegrations scm = world.integrations(GitlabWorld.TOKEN);
    GitlabProviders providers = GitlabProviders.builder().config(world.providerConfig(
        "\"useSearch\":true,\"skipForkedRepos\":true")).integrations(scm).build();
    try (CatalogEngine engine = world.engine(scm, providers)) {
      engine.start();
      providers.discoveryProviders().get(0).refresh();
      assertThat(engine.awaitIdle(Duration.ofMinutes(1))).isTrue();
      // the hits' own paths and refs; archived, forked and other groups' projects left out
      assertThat(locationTargets(engine)).containsExactly(
          world.gitlab.webUrl("acme/no-catalog", "-/blob/main/services/api/catalog-info.yaml"),
          target("acme/platform/service-b", "trunk"),
          target("acme/service-a", "main"));
      assertThat(engine.catalog().entity(EntityRef.parse("component:default/nested-api"))).isPresent();
    }
    assertThat(world.gitlab.requests()).anySatisfy(r -> assertThat(r.query())
        .contains("search=filename%3Acatalog-info.yaml").contains("scope=blobs"));
  }

  @Test
  void aGroupPatternSelectsTheGroupsToScanAndAFixedBranchIsUsedForEveryProject() {
    ScmIntegrations scm = world.integrations(GitlabWorld.TOKEN);
    GitlabProviders providers = GitlabProviders.builder().config(world.providerConfig(
        "\"groupPattern\":[\"^acme/platform$\"],\"branch\":\"trunk\""))
        .integrations(scm).build();
    try (CatalogEngine engine = world.engine(scm, providers)) {
      engine.start();
      providers.discoveryProviders().get(0).refresh();
      assertThat(engine.awaitIdle(Duration.ofMinutes(1))).isTrue();
      assertThat(locationTargets(engine)).containsExactly(target("acme/platform/service-b", "trunk"));
    }
  }

  @Test
  void aFailingHostKeepsTheLastGoodLocationsAndABadTokenNamesTheHostNotTheToken() {
    ScmIntegrations scm = world.integrations(GitlabWorld.TOKEN);
    GitlabProviders providers = GitlabProviders.builder().config(world.providerConfig(""))
        .integrations(scm).build();
    GitlabDiscoveryEntityProvider discovery = providers.discoveryProviders().get(0);
    try (CatalogEngine engine = world.engine(scm, providers)) {
      engine.start();
      discovery.refresh();
      assertThat(engine.awaitIdle(Duration.ofMinutes(1))).isTrue();
      List<String> good = locationTargets(engine);
      assertThat(good).hasSize(3);

      for (int status : new int[] {500, 429, 502}) {
        world.gitlab.failWith(status);
        assertThatThrownBy(discovery::refresh).hasMessageContaining(String.valueOf(status))
            .hasMessageContaining(world.gitlab.host());
        assertThat(engine.awaitIdle(Duration.ofMinutes(1))).isTrue();
        assertThat(locationTargets(engine)).isEqualTo(good);
      }
      world.gitlab.failWith(0);
    }

    String wrong = "glpat-wrongProviderTokenNeverShown";
    GitlabProviders bad = world.providers("", wrong);
    try (CatalogEngine engine = world.engine(world.integrations(wrong), bad)) {
      engine.start();
      assertThatThrownBy(() -> bad.discoveryProviders().get(0).refresh())
          .hasMessageContaining("401")
          .hasMessageContaining("GitLab integration for " + world.gitlab.host())
          .satisfies(e -> assertThat(stackText(e)).doesNotContain(wrong));
    }
  }

  @Test
  void aHostThatTimesOutKeepsTheLastGoodLocations() {
    ScmIntegrations scm = world.integrations(GitlabWorld.TOKEN,
        new ReadLimits(Duration.ofMillis(500), 1 << 20, 1000, 1 << 24));
    GitlabProviders providers = GitlabProviders.builder().config(world.providerConfig(""))
        .integrations(scm).build();
    GitlabDiscoveryEntityProvider discovery = providers.discoveryProviders().get(0);
    try (CatalogEngine engine = world.engine(scm, providers)) {
      engine.start();
      discovery.refresh();
      assertThat(engine.awaitIdle(Duration.ofMinutes(1))).isTrue();
      List<String> good = locationTargets(engine);
      world.gitlab.delay(Duration.ofSeconds(2));
      assertThatThrownBy(discovery::refresh).hasMessageContaining("timed out")
          .hasMessageContaining(world.gitlab.host());
      world.gitlab.delay(Duration.ZERO);
      assertThat(locationTargets(engine)).hasSize(3).isEqualTo(good);
    }
  }

  @Test
  void aPushAddsRemovesAndRefreshesCatalogFiles() throws Exception {
    ScmIntegrations scm = world.integrations(GitlabWorld.TOKEN);
    EventBroker broker = EventBroker.inMemory();
    // the fork defines the same component; leave it out so service-a has one source
    GitlabProviders providers = GitlabProviders.builder().config(world.providerConfig("\"skipForkedRepos\":true"))
        .integrations(scm).events(broker).build();
    try (CatalogEngine engine = world.engine(scm, providers)) {
      engine.start();
      providers.discoveryProviders().get(0).refresh();
      assertThat(engine.awaitIdle(Duration.ofMinutes(1))).isTrue();

      // a catalog file added to a project that had none
      world.gitlab.file("acme/no-catalog", "catalog-info.yaml", """
          apiVersion: backstage.io/v1alpha1
          kind: Component
          metadata:
            name: newcomer
          spec:
            type: library
            lifecycle: experimental
            owner: group:platform
          """.getBytes(StandardCharsets.UTF_8));
      broker.publish(push("acme/no-catalog", "main", List.of("catalog-info.yaml"), List.of(), List.of()));
      assertThat(engine.awaitIdle(Duration.ofMinutes(1))).isTrue();
      assertThat(engine.catalog().entity(EntityRef.parse("component:default/newcomer"))).isPresent();

      // a modified one is read again at once
      world.gitlab.file("acme/service-a", "catalog-info.yaml",
          new String(world.gitlab.getClass().getResourceAsStream("/gitlab-fixture/service-a/catalog-info.yaml")
              .readAllBytes(), StandardCharsets.UTF_8).replace("production", "deprecated")
              .getBytes(StandardCharsets.UTF_8));
      broker.publish(push("acme/service-a", "main", List.of(), List.of("catalog-info.yaml"), List.of()));
      assertThat(awaitLifecycle(engine, "deprecated")).isTrue();

      // a push to another branch changes nothing
      broker.publish(push("acme/service-a", "feature", List.of(), List.of(), List.of("catalog-info.yaml")));
      assertThat(engine.awaitIdle(Duration.ofMinutes(1))).isTrue();
      assertThat(engine.catalog().entity(location(target("acme/service-a", "main")))).isPresent();

      // a removed one takes its Location and entities with it
      world.gitlab.file("acme/service-a", "catalog-info.yaml", null);
      broker.publish(push("acme/service-a", "main", List.of(), List.of(), List.of("catalog-info.yaml")));
      assertThat(engine.awaitIdle(Duration.ofMinutes(1))).isTrue();
      assertThat(engine.catalog().entity(location(target("acme/service-a", "main")))).isEmpty();
      assertThat(engine.catalog().entity(EntityRef.parse("component:default/service-a"))).isEmpty();
    } finally {
      providers.close();
    }
  }

  @Test
  void scheduledRefreshesRunOnTheHostsScheduler() throws Exception {
    ScmIntegrations scm = world.integrations(GitlabWorld.TOKEN);
    java.util.concurrent.ScheduledExecutorService scheduler =
        java.util.concurrent.Executors.newScheduledThreadPool(2);
    try (GitlabProviders providers = GitlabProviders.builder().config(world.providerConfig(
            "\"schedule\":{\"frequency\":{\"minutes\":30},\"timeout\":{\"minutes\":3}}"))
        .integrations(scm).scheduler(scheduler).build();
        CatalogEngine engine = world.engine(scm, providers)) {
      engine.start();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (locationTargets(engine).size() < 3 && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(locationTargets(engine)).hasSize(3);
    } finally {
      scheduler.shutdownNow();
    }
    assertThatThrownBy(() -> GitlabProviders.builder().config(world.providerConfig(""))
        .integrations(scm).scheduler(scheduler).build())
        .hasMessageContaining("catalog.providers.gitlab.main.schedule is required");
  }

  @Test
  void connectedAgainAProviderKeepsOneScheduleAndClosedItRunsNoMore() throws Exception {
    ScmIntegrations scm = world.integrations(GitlabWorld.TOKEN);
    java.util.concurrent.ScheduledExecutorService scheduler =
        java.util.concurrent.Executors.newScheduledThreadPool(1, r -> new Thread(r, "host-scheduler"));
    java.util.concurrent.atomic.AtomicInteger mutations = new java.util.concurrent.atomic.AtomicInteger();
    java.util.Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
    dev.greenroom.catalog.processing.EntityProviderConnection counting =
        new dev.greenroom.catalog.processing.EntityProviderConnection() {
          @Override
          public void applyMutation(dev.greenroom.catalog.processing.EntityMutation mutation) {
            threads.add(Thread.currentThread().getName());
            mutations.incrementAndGet();
          }

          @Override
          public void refresh(java.util.Collection<String> keys) {}
        };
    try (GitlabProviders providers = GitlabProviders.builder().config(world.providerConfig(
            "\"schedule\":{\"frequency\":{\"minutes\":30},\"timeout\":{\"minutes\":3},"
                + "\"initialDelay\":{\"milliseconds\":200}}"))
        .integrations(scm).scheduler(scheduler).build()) {
      GitlabDiscoveryEntityProvider p = providers.discoveryProviders().get(0);
      p.connect(counting);
      p.connect(counting);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (mutations.get() < 1 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      Thread.sleep(500);
      assertThat(mutations).as("one schedule, not one per connect").hasValue(1);
      assertThat(threads).containsOnly("host-scheduler");
      providers.close();
      p.trigger();
      p.connect(counting);
      Thread.sleep(500);
      assertThat(mutations).as("closed: no run, and a connect starts none").hasValue(1);
    } finally {
      scheduler.shutdownNow();
    }
  }

  @Test
  void configErrorsNameTheKey() {
    ScmIntegrations scm = world.integrations(GitlabWorld.TOKEN);
    assertThatThrownBy(() -> GitlabProviders.builder().config(GitlabWorld.json(
        "{\"x\":{\"host\":\"gitlab.example.com\"}}")).integrations(scm).build())
        .hasMessageContaining("catalog.providers.gitlab.x.host")
        .hasMessageContaining("no gitlab integration found that matches host gitlab.example.com");
    assertThatThrownBy(() -> GitlabProviderConfig.readAll(GitlabWorld.json(
        "{\"x\":{\"host\":\"h\",\"projectPattern\":\"(\"}}")))
        .hasMessageContaining("catalog.providers.gitlab.x.projectPattern is not a valid regular expression");
    assertThatThrownBy(() -> GitlabProviderConfig.readAll(GitlabWorld.json(
        "{\"x\":{\"host\":\"h\",\"grup\":\"acme\"}}")))
        .hasMessageContaining("catalog.providers.gitlab.x.grup is not a GitLab provider key");
    assertThatThrownBy(() -> GitlabProviderConfig.readAll(GitlabWorld.json(
        "{\"x\":{\"host\":\"h\",\"schedule\":{\"frequency\":\"often\",\"timeout\":\"PT1M\"}}}")))
        .hasMessageContaining("catalog.providers.gitlab.x.schedule.frequency");
    GitlabProviderConfig c = GitlabProviderConfig.readAll(GitlabWorld.json(
        "{\"x\":{\"host\":\"H\",\"entityFilename\":\"backstage/catalog.yaml\",\"allowInherited\":true}}")).get(0);
    assertThat(c.catalogFile()).isEqualTo("backstage/catalog.yaml");
    assertThat(c.fallbackBranch()).isEqualTo("master");
    assertThat(c.relations()).containsExactly("DIRECT", "INHERITED");
    assertThat(c.host()).isEqualTo("h");
  }

  boolean awaitLifecycle(CatalogEngine engine, String lifecycle) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      var e = engine.catalog().entity(EntityRef.parse("component:default/service-a"));
      if (e.isPresent() && e.get().spec().path("lifecycle").asString().equals(lifecycle)) {
        return true;
      }
      Thread.sleep(50);
    }
    return false;
  }

  /** A push event as GitLab sends it (the fields Backstage reads). */
  EventParams push(String project, String branch, List<String> added, List<String> modified,
      List<String> removed) {
    ObjectNode p = GitlabWorld.JSON.createObjectNode();
    p.put("object_kind", "push");
    p.put("event_name", "push");
    p.put("ref", "refs/heads/" + branch);
    p.put("project_id", world.gitlab.projectId(project));
    p.set("project", world.gitlab.projectJson(project));
    ObjectNode c = p.putArray("commits").addObject();
    c.put("id", world.gitlab.commitSha(project));
    added.forEach(c.putArray("added")::add);
    modified.forEach(c.putArray("modified")::add);
    removed.forEach(c.putArray("removed")::add);
    return new EventParams("gitlab.push", p, Map.of("x-gitlab-event", "Push Hook"));
  }

  static String stackText(Throwable t) {
    StringBuilder sb = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      sb.append(c).append('\n');
    }
    return sb.toString();
  }
}
