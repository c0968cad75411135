package dev.greenroom.events.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.events.EventBroker;
import dev.greenroom.events.EventParams;
import dev.greenroom.events.EventSubscriber;
import dev.greenroom.events.RepoServer;
import dev.greenroom.events.router.GithubEventRouter;
import dev.greenroom.events.router.GitlabEventRouter;
import dev.greenroom.http.HttpApi;
import dev.greenroom.http.jetty.JettyServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/events/http/:topic} served as {@code greenroom serve} serves it (HttpApi on
 * Jetty), behind an authenticator that lets nobody in: webhooks are authenticated by their
 * signature or token only.
 */
class EventsIngressTest {
  static final String SECRET = "gh-webhook-secret";
  static final String GITLAB_SECRET = "gl-webhook-secret";
  static final EventBroker BROKER = EventBroker.inMemory();
  static final List<EventParams> SEEN = new CopyOnWriteArrayList<>();
  static JettyServer server;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    BROKER.subscribe(new GithubEventRouter(BROKER));
    BROKER.subscribe(new GitlabEventRouter(BROKER));
    BROKER.subscribe(new EventSubscriber() {
      @Override
      public String id() {
        return "recorder";
      }

      @Override
      public Set<String> topics() {
        return Set.of("github", "github.push", "gitlab", "gitlab.push", "custom");
      }

      @Override
      public void onEvent(EventParams event) {
        SEEN.add(event);
      }
    });
    EventsApiPlugin plugin = EventsApiPlugin.builder(BROKER)
        .topic("custom")
        .topic("github", GithubSignatureValidator.of(List.of(SECRET)).orElseThrow())
        .topic("gitlab", new GitlabTokenValidator(GITLAB_SECRET))
        .maxBodyBytes(64 * 1024)
        .build();
    server = JettyServer.builder().host("127.0.0.1").port(0)
        .api(HttpApi.builder()
            .authenticator(headers -> Optional.empty()) // nobody has Backstage credentials
            .plugin(plugin)
            .build())
        .build().start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void clear() {
    SEEN.clear();
  }

  static HttpResponse<String> post(String topic, String contentType, byte[] body,
      String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + server.port() + "/api/events/http/" + topic))
        .header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aSignedGithubPushIsAcceptedAndRoutedToGithubPush() throws Exception {
    byte[] body = bytes(RepoServer.githubPush("https://github.com/org/repo", "refs/heads/main"));
    HttpResponse<String> r = post("github", "application/json", body,
        "X-GitHub-Event", "push",
        "X-GitHub-Delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958",
        "X-Hub-Signature-256", GithubSignatureValidator.sign(SECRET, body));
    assertThat(r.statusCode()).isEqualTo(202);
    assertThat(r.body()).isEqualTo("{\"status\":\"accepted\"}");
    assertThat(SEEN).extracting(EventParams::topic)
        .containsExactlyInAnyOrder("github", "github.push");
    EventParams push = SEEN.stream().filter(e -> e.topic().equals("github.push")).findFirst()
        .orElseThrow();
    assertThat(push.payload().path("repository").path("html_url").asString())
        .isEqualTo("https://github.com/org/repo");
    assertThat(push.metadata()).containsEntry("x-github-event", "push")
        .containsEntry("x-github-delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958");
  }

  @Test
  void aBadOrMissingSignatureIs401AndNothingIsPublished() throws Exception {
    byte[] body = bytes(RepoServer.githubPush("https://github.com/org/repo", "refs/heads/main"));
    HttpResponse<String> wrong = post("github", "application/json", body,
        "X-GitHub-Event", "push",
        "X-Hub-Signature-256", GithubSignatureValidator.sign("not-the-secret", body));
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.body()).isEqualTo("{\"message\":\"invalid signature\"}").doesNotContain(SECRET);
    HttpResponse<String> none = post("github", "application/json", body, "X-GitHub-Event", "push");
    assertThat(none.statusCode()).isEqualTo(401);
    // a signature of another body
    HttpResponse<String> replay = post("github", "application/json", bytes("{\"ref\":\"x\"}"),
        "X-GitHub-Event", "push", "X-Hub-Signature-256", GithubSignatureValidator.sign(SECRET, body));
    assertThat(replay.statusCode()).isEqualTo(401);
    assertThat(SEEN).isEmpty();
  }

  @Test
  void gitlabTokensAreCheckedAndNeverPutIntoMetadata() throws Exception {
    byte[] body = bytes("{\"object_kind\":\"push\",\"event_name\":\"push\",\"ref\":\"refs/heads/main\","
        + "\"project\":{\"web_url\":\"https://gitlab.example.com/group/app\"}}");
    assertThat(post("gitlab", "application/json", body, "X-Gitlab-Token", "wrong").statusCode())
        .isEqualTo(401);
    assertThat(SEEN).isEmpty();
    HttpResponse<String> ok = post("gitlab", "application/json", body,
        "X-Gitlab-Token", GITLAB_SECRET, "X-Gitlab-Event", "Push Hook");
    assertThat(ok.statusCode()).isEqualTo(202);
    assertThat(SEEN).extracting(EventParams::topic)
        .containsExactlyInAnyOrder("gitlab", "gitlab.push");
    assertThat(SEEN.get(0).metadata()).containsEntry("x-gitlab-event", "Push Hook")
        .doesNotContainKey("x-gitlab-token");
    assertThat(SEEN.get(0).metadata().values()).noneMatch(v -> v.contains(GITLAB_SECRET));
  }

  @Test
  void configuredTopicsTakeAnyBodyAndUnknownTopicsAre404() throws Exception {
    HttpResponse<String> text = post("custom?source=ci", "text/plain", bytes("hello"),
        "Authorization", "Bearer not-for-events");
    assertThat(text.statusCode()).isEqualTo(202);
    assertThat(SEEN).singleElement().satisfies(e -> {
      assertThat(e.topic()).isEqualTo("custom");
      assertThat(e.payload().isString()).isTrue();
      assertThat(e.payload().asString()).isEqualTo("hello");
      assertThat(e.metadata()).doesNotContainKey("authorization");
    });
    assertThat(post("unknown", "application/json", bytes("{}")).statusCode()).isEqualTo(404);
    assertThat(post("custom", "application/json", bytes("{not json")).statusCode()).isEqualTo(400);
    assertThat(post("custom", "application/json; charset=x-no-such", bytes("{}")).statusCode())
        .isEqualTo(415);
    assertThat(post("custom", "application/json", new byte[65 * 1024]).statusCode()).isEqualTo(413);
    assertThat(SEEN).hasSize(1);
  }
}
