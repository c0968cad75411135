package dev.greenroom.events.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.catalog.processing.location.CatalogRules;
import dev.greenroom.catalog.processing.location.HttpUrlReader;
import dev.greenroom.catalog.processing.state.jdbc.JdbcProcessingState;
import dev.greenroom.catalog.store.jdbc.JdbcEntityStore;
import dev.greenroom.events.EventBroker;
import dev.greenroom.events.EventParams;
import dev.greenroom.events.RepoServer;
import dev.greenroom.events.router.GithubEventRouter;
import dev.greenroom.events.router.GitlabEventRouter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * A push to a repository refreshes the entities read from it at once; without the push they
 * would wait for the processing interval (an hour here).
 */
class PushRefreshTest {
  static final AtomicInteger DB = new AtomicInteger();
  static final String FILE = "/org/repo/blob/main/catalog-info.yaml";
  static final EntityRef SVC = EntityRef.parse("component:default/svc");

  RepoServer repo;
  CatalogEngine engine;
  EventBroker broker;

  @BeforeEach
  void start() throws Exception {
    repo = new RepoServer().put(FILE, RepoServer.component("svc", "first"));
    JdbcEntityStore store = JdbcEntityStore.h2InMemory("push" + DB.incrementAndGet());
    engine = CatalogEngine.builder()
        .store(store)
        .state(JdbcProcessingState.create(store.dataSource()))
        .rules(CatalogRules.allowKinds("Component", "Location"))
        .urlReader(HttpUrlReader.builder().allow(repo.hostPort()).build())
        .location("url", repo.base() + FILE)
        .processingInterval(Duration.ofHours(1))
        .pollInterval(Duration.ofMillis(50))
        .build();
    engine.start();
    assertThat(engine.awaitIdle(Duration.ofSeconds(30))).isTrue();
    assertThat(description()).isEqualTo("first");
    broker = EventBroker.inMemory();
    broker.subscribe(new GithubEventRouter(broker));
    broker.subscribe(new GitlabEventRouter(broker));
    broker.subscribe(new PushRefreshSubscriber(engine));
  }

  @AfterEach
  void stop() {
    engine.close();
    repo.close();
  }

  String description() {
    return engine.catalog().entity(SVC).map(Entity::metadata)
        .map(m -> m.description()).orElse(null);
  }

  void publish(String topic, String json, Map<String, String> metadata) throws Exception {
    broker.publish(new EventParams(topic, JsonMapper.builder().build().readTree(json), metadata));
  }

  boolean waitFor(String description) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      if (description.equals(description())) {
        return true;
      }
      Thread.sleep(20);
    }
    return false;
  }

  @Test
  void aGithubPushToTheBranchRefreshesWithinSeconds() throws Exception {
    repo.put(FILE, RepoServer.component("svc", "second"));
    assertThat(engine.awaitIdle(Duration.ofSeconds(5))).isTrue();
    assertThat(description()).isEqualTo("first"); // nothing is due for an hour
    publish("github", RepoServer.githubPush(repo.base() + "/Org/Repo", "refs/heads/main"),
        Map.of("x-github-event", "push"));
    assertThat(waitFor("second")).isTrue();
  }

  @Test
  void aPushToAnotherBranchOrRepositoryRefreshesNothing() throws Exception {
    repo.put(FILE, RepoServer.component("svc", "second"));
    publish("github", RepoServer.githubPush(repo.base() + "/org/repo", "refs/heads/feature"),
        Map.of("x-github-event", "push"));
    publish("github", RepoServer.githubPush(repo.base() + "/org/other", "refs/heads/main"),
        Map.of("x-github-event", "push"));
    publish("github", RepoServer.githubPush("javascript:alert(1)", "refs/heads/main"),
        Map.of("x-github-event", "push"));
    assertThat(waitFor("second")).isFalse();
  }

  @Test
  void aGitlabPushRefreshesToo() throws Exception {
    repo.put(FILE, RepoServer.component("svc", "third"));
    publish("gitlab", "{\"object_kind\":\"push\",\"event_name\":\"push\",\"ref\":\"refs/heads/main\","
        + "\"project\":{\"web_url\":\"" + repo.base() + "/org/repo\"}}", Map.of());
    assertThat(waitFor("third")).isTrue();
  }

  @Test
  void aPushThatDeletesTheFileRemovesItsEntitiesWithLocationNotFoundDelete() throws Exception {
    engine.close();
    JdbcEntityStore store = JdbcEntityStore.h2InMemory("push" + DB.incrementAndGet());
    engine = CatalogEngine.builder()
        .store(store)
        .state(JdbcProcessingState.create(store.dataSource()))
        .rules(CatalogRules.allowKinds("Component", "Location"))
        .urlReader(HttpUrlReader.builder().allow(repo.hostPort()).build())
        .location("url", repo.base() + FILE)
        .processingInterval(Duration.ofHours(1))
        .pollInterval(Duration.ofMillis(50))
        .orphanPeriod(Duration.ofMillis(100))
        .locationNotFoundStrategy(dev.greenroom.catalog.processing.LocationNotFoundStrategy.DELETE)
        .build();
    engine.start();
    assertThat(engine.awaitIdle(Duration.ofSeconds(30))).isTrue();
    assertThat(description()).isEqualTo("first");
    broker.subscribe(new PushRefreshSubscriber(engine));
    repo.remove(FILE);
    publish("github", RepoServer.githubPush(repo.base() + "/org/repo", "refs/heads/main"),
        Map.of("x-github-event", "push"));
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (engine.catalog().entity(SVC).isPresent() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(engine.catalog().entity(SVC)).isEmpty();
  }

  @Test
  void prefixesCoverGithubAndGitlabFileUrls() {
    assertThat(PushRefreshSubscriber.prefixes("https://gitlab.com/g/p", "main", true))
        .contains("url:https://gitlab.com/g/p/-/blob/main/", "url:https://gitlab.com/g/p/blob/main/");
    assertThat(PushRefreshSubscriber.repositoryUrl("https://github.com/org")).isEmpty();
    assertThat(PushRefreshSubscriber.repositoryUrl("https://github.com/org/repo/"))
        .contains("https://github.com/org/repo");
  }
}
