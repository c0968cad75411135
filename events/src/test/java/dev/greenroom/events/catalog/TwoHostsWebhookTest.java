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
import dev.greenroom.events.RepoServer;
import dev.greenroom.events.http.EventsApiPlugin;
import dev.greenroom.events.http.GithubSignatureValidator;
import dev.greenroom.events.jdbc.PostgresEventBroker;
import dev.greenroom.events.router.GithubEventRouter;
import dev.greenroom.http.HttpApi;
import dev.greenroom.http.jetty.JettyServer;
import dev.greenroom.testsupport.PgSchema;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two hosts share one PostgreSQL database: a signed push webhook received by host A makes host B
 * serve the changed entity within seconds, although host B had it in its cache (which forgets it
 * through the catalog store's change log, whichever host stitched it).
 */
class TwoHostsWebhookTest {
  static final PgSchema SCHEMA = new PgSchema("gr_two_hosts_webhook_test");
  static final String SECRET = "two-hosts-secret";
  static final String FILE = "/org/repo/blob/main/catalog-info.yaml";
  static final EntityRef SVC = EntityRef.parse("component:default/svc");

  final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  @AfterAll
  static void drop() {
    SCHEMA.drop();
  }

  /** One host: engine (with its entity cache), PostgreSQL broker, router, push refresh. */
  record Host(CatalogEngine engine, PostgresEventBroker broker) {}

  Host host(String name, RepoServer repo) {
    JdbcEntityStore store = JdbcEntityStore.postgres(SCHEMA.url());
    PostgresEventBroker broker = EventBroker.postgres(store.dataSource()).build();
    CatalogEngine engine = CatalogEngine.builder()
        .store(store)
        .state(JdbcProcessingState.create(store.dataSource()))
        .instanceId(name)
        .rules(CatalogRules.allowKinds("Component", "Location"))
        .urlReader(HttpUrlReader.builder().allow(repo.hostPort()).build())
        .location("url", repo.base() + FILE)
        .processingInterval(Duration.ofHours(1))
        .pollInterval(Duration.ofMillis(50))
        .bulkLoad(false)
        .entityCacheCheckInterval(Duration.ofMillis(50))
        .build();
    broker.subscribe(new GithubEventRouter(broker));
    broker.subscribe(new PushRefreshSubscriber(engine));
    open.add(engine);
    open.add(broker);
    engine.start();
    return new Host(engine, broker);
  }

  static String description(Host h) {
    return h.engine().catalog().entity(SVC).map(Entity::metadata).map(m -> m.description())
        .orElse(null);
  }

  static boolean waitFor(Host h, String description) throws InterruptedException {
    return waitFor(h, description, Duration.ofSeconds(15));
  }

  static boolean waitFor(Host h, String description, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (description.equals(description(h))) {
        return true;
      }
      Thread.sleep(25);
    }
    return false;
  }

  @Test
  void aWebhookToHostARefreshesWhatHostBServes() throws Exception {
    SCHEMA.recreate();
    RepoServer repo = new RepoServer().put(FILE, RepoServer.component("svc", "first"));
    open.add(repo);
    Host a = host("host-a", repo);
    Host b = host("host-b", repo);
    assertThat(waitFor(b, "first")).isTrue(); // in host B's cache from now on
    assertThat(waitFor(a, "first")).isTrue();
    while (!a.broker().listening() || !b.broker().listening()) {
      Thread.sleep(10);
    }

    JettyServer server = JettyServer.builder().host("127.0.0.1").port(0)
        .api(HttpApi.builder()
            .authenticator(headers -> java.util.Optional.empty())
            .plugin(EventsApiPlugin.builder(a.broker())
                .topic("github", GithubSignatureValidator.of(List.of(SECRET)).orElseThrow())
                .build())
            .build())
        .build().start();
    open.add(server::close);

    repo.put(FILE, RepoServer.component("svc", "second"));
    byte[] body = RepoServer.githubPush(repo.base() + "/org/repo", "refs/heads/main")
        .getBytes(StandardCharsets.UTF_8);
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> bad = http.send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + server.port() + "/api/events/http/github"))
            .header("Content-Type", "application/json")
            .header("X-GitHub-Event", "push")
            .header("X-Hub-Signature-256", GithubSignatureValidator.sign("wrong", body))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(bad.statusCode()).isEqualTo(401);
    assertThat(waitFor(b, "second", Duration.ofSeconds(2)))
        .as("nothing refreshes on a bad signature").isFalse();

    HttpResponse<String> ok = http.send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + server.port() + "/api/events/http/github"))
            .header("Content-Type", "application/json")
            .header("X-GitHub-Event", "push")
            .header("X-Hub-Signature-256", GithubSignatureValidator.sign(SECRET, body))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(ok.statusCode()).isEqualTo(202);
    assertThat(waitFor(b, "second")).isTrue();
    assertThat(waitFor(a, "second")).isTrue();
  }
}
