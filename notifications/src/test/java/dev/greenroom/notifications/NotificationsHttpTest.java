package dev.greenroom.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.Catalog;
import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.store.memory.MemoryEntityStore;
import dev.greenroom.http.HttpApi;
import dev.greenroom.http.auth.ApiPrincipal;
import dev.greenroom.http.auth.Authenticator;
import dev.greenroom.http.auth.PermissionDecision;
import dev.greenroom.http.auth.UserPrincipal;
import dev.greenroom.http.jetty.JettyServer;
import dev.greenroom.notifications.http.NotificationsApiPlugin;
import dev.greenroom.notifications.signals.SignalHub;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The notifications and signals backends over HTTP on Jetty, as Backstage's frontend and other
 * plugins use them: users signed in with bearer tokens, a service that sends, groups resolved
 * through the catalog.
 */
class NotificationsHttpTest {
  static final Map<String, Principal> TOKENS = Map.of(
      "alice-token", new UserPrincipal("user:default/alice",
          List.of("user:default/alice", "group:default/team-a")),
      "bob-token", new UserPrincipal("user:default/bob", List.of("user:default/bob")),
      "carol-token", new UserPrincipal("user:default/carol", List.of("user:default/carol")),
      "dan-token", new UserPrincipal("user:default/dan", List.of("user:default/dan")),
      "svc-token", new ApiPrincipal("plugin:ci"),
      "denied-token", new ApiPrincipal("plugin:denied"));

  private final HttpClient http = HttpClient.newHttpClient();
  private final AtomicLong seconds = new AtomicLong();
  private Notifications notifications;
  private SignalHub hub;
  private JettyServer server;

  static Entity entity(String json) {
    return Entity.fromJson(Json.parse(json));
  }

  @BeforeEach
  void start() {
    Catalog catalog = Catalog.builder().store(new MemoryEntityStore()).build();
    catalog.upsert(List.of(
        entity("""
            {"apiVersion":"backstage.io/v1alpha1","kind":"Group","metadata":{"name":"team-a"},
             "spec":{"type":"team","children":["team-b"]}}"""),
        entity("""
            {"apiVersion":"backstage.io/v1alpha1","kind":"Group","metadata":{"name":"team-b"},
             "spec":{"type":"team","parent":"team-a","children":[]}}"""),
        entity("""
            {"apiVersion":"backstage.io/v1alpha1","kind":"User","metadata":{"name":"alice"},
             "spec":{"memberOf":["team-a"]}}"""),
        entity("""
            {"apiVersion":"backstage.io/v1alpha1","kind":"User","metadata":{"name":"bob"},
             "spec":{"memberOf":["team-a"]}}"""),
        entity("""
            {"apiVersion":"backstage.io/v1alpha1","kind":"User","metadata":{"name":"carol"},
             "spec":{"memberOf":["team-b"]}}"""),
        entity("""
            {"apiVersion":"backstage.io/v1alpha1","kind":"User","metadata":{"name":"dan"},
             "spec":{"memberOf":[]}}"""),
        entity("""
            {"apiVersion":"backstage.io/v1alpha1","kind":"Component","metadata":{"name":"svc"},
             "spec":{"type":"service","lifecycle":"production","owner":"user:dan"}}""")));
    hub = new SignalHub();
    Instant t0 = Instant.parse("2026-03-01T09:00:00Z");
    Clock ticking = new Clock() {
      @Override
      public java.time.ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return t0.plusSeconds(seconds.incrementAndGet());
      }
    };
    notifications = Notifications.builder().catalog(catalog).signals(hub).clock(ticking).build();
    Authenticator auth = headers -> headers.firstValue("authorization")
        .filter(h -> h.startsWith("Bearer "))
        .map(h -> TOKENS.get(h.substring(7)));
    HttpApi api = HttpApi.builder()
        .authenticator(auth)
        .permissionPolicy((p, perm) ->
            perm.equals(NotificationsApiPlugin.SEND) && p.getName().equals("plugin:denied")
                ? PermissionDecision.deny()
                : PermissionDecision.allow())
        .plugin(new NotificationsApiPlugin(notifications))
        .build();
    server = JettyServer.builder().api(api).port(0).socket(hub).build().start();
  }

  @AfterEach
  void stop() {
    server.close();
    notifications.close();
  }

  HttpResponse<String> get(String token, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
        .header("Authorization", "Bearer " + token).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(String token, String path, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode json(HttpResponse<String> r) {
    return Json.parse(r.body());
  }

  JsonNode send(String recipients, String payload) throws Exception {
    HttpResponse<String> r = post("svc-token", "/api/notifications",
        "{\"recipients\":" + recipients + ",\"payload\":" + payload + "}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return json(r);
  }

  static List<String> titles(JsonNode page) {
    List<String> t = new ArrayList<>();
    page.get("notifications").forEach(n -> t.add(n.get("payload").get("title").asString()));
    return t;
  }

  @Test
  void sentToAGroupEveryMemberAndChildGroupMemberSeesIt() throws Exception {
    JsonNode sent = send("{\"type\":\"entity\",\"entityRef\":\"group:default/team-a\"}",
        "{\"title\":\"Deploy done\",\"description\":\"v2 is live\",\"link\":\"/catalog\","
            + "\"severity\":\"high\",\"topic\":\"deploys\"}");
    List<String> users = new ArrayList<>();
    sent.forEach(n -> users.add(n.get("user").asString()));
    assertThat(users).containsExactlyInAnyOrder(
        "user:default/alice", "user:default/bob", "user:default/carol");

    for (String token : List.of("alice-token", "bob-token", "carol-token")) {
      JsonNode page = json(get(token, "/api/notifications"));
      assertThat(page.get("totalCount").asInt()).isEqualTo(1);
      JsonNode n = page.get("notifications").get(0);
      assertThat(n.get("origin").asString()).isEqualTo("plugin:ci");
      assertThat(n.get("read").isNull()).isTrue();
      assertThat(n.get("saved").isNull()).isTrue();
      assertThat(n.get("payload").get("severity").asString()).isEqualTo("high");
      assertThat(n.get("payload").get("description").asString()).isEqualTo("v2 is live");
      assertThat(n.has("created")).isTrue();
    }
    assertThat(json(get("dan-token", "/api/notifications")).get("totalCount").asInt()).isZero();
    // an owned entity goes to its owner
    send("{\"type\":\"entity\",\"entityRef\":[\"component:default/svc\"]}",
        "{\"title\":\"Your service\"}");
    assertThat(titles(json(get("dan-token", "/api/notifications")))).containsExactly("Your service");
  }

  @Test
  void listFiltersPagesOrdersAndCountsStatus() throws Exception {
    String alice = "{\"type\":\"entity\",\"entityRef\":\"user:default/alice\"}";
    send(alice, "{\"title\":\"one\",\"severity\":\"low\",\"topic\":\"t1\"}");
    send(alice, "{\"title\":\"two\",\"severity\":\"critical\",\"topic\":\"t2\"}");
    send(alice, "{\"title\":\"three\",\"topic\":\"t1\"}");
    send("{\"type\":\"broadcast\"}", "{\"title\":\"four broadcast\"}");

    JsonNode all = json(get("alice-token", "/api/notifications"));
    assertThat(titles(all)).containsExactly("four broadcast", "three", "two", "one");
    JsonNode page = json(get("alice-token",
        "/api/notifications?limit=2&offset=1&orderField=created,asc"));
    assertThat(page.get("totalCount").asInt()).isEqualTo(4);
    assertThat(titles(page)).containsExactly("two", "three");
    assertThat(titles(json(get("alice-token", "/api/notifications?minimumSeverity=normal"))))
        .containsExactly("four broadcast", "three", "two");
    assertThat(titles(json(get("alice-token", "/api/notifications?topic=t1"))))
        .containsExactly("three", "one");
    assertThat(titles(json(get("alice-token", "/api/notifications/notifications?search=TW"))))
        .containsExactly("two");
    assertThat(json(get("alice-token", "/api/notifications/topics")).get("topics").toString())
        .isEqualTo("[\"t1\",\"t2\"]");

    String oneId = all.get("notifications").get(3).get("id").asString();
    String broadcastId = all.get("notifications").get(0).get("id").asString();
    HttpResponse<String> upd = post("alice-token", "/api/notifications/update",
        "{\"ids\":[\"" + oneId + "\",\"" + broadcastId + "\"],\"read\":true,\"saved\":true}");
    assertThat(upd.statusCode()).as(upd.body()).isEqualTo(200);
    assertThat(json(upd)).hasSize(2);
    json(upd).forEach(n -> {
      assertThat(n.get("read").isNull()).isFalse();
      assertThat(n.get("saved").isNull()).isFalse();
    });
    assertThat(json(get("alice-token", "/api/notifications/status")).toString())
        .isEqualTo("{\"unread\":2,\"read\":2}");
    assertThat(titles(json(get("alice-token", "/api/notifications?read=false"))))
        .containsExactly("three", "two");
    assertThat(titles(json(get("alice-token", "/api/notifications?saved=true"))))
        .containsExactly("four broadcast", "one");
    // Bob's view of the broadcast keeps his own marks
    assertThat(json(get("bob-token", "/api/notifications/status")).toString())
        .isEqualTo("{\"unread\":1,\"read\":0}");

    assertThat(json(get("alice-token", "/api/notifications/" + oneId)).get("payload")
        .get("title").asString()).isEqualTo("one");
  }

  @Test
  void aScopedNotificationReplacesTheEarlierOneAndIsUnreadAgain() throws Exception {
    String bob = "{\"type\":\"entity\",\"entityRef\":\"user:default/bob\"}";
    String id = send(bob, "{\"title\":\"Build 7 failed\",\"scope\":\"build-7\"}")
        .get(0).get("id").asString();
    post("bob-token", "/api/notifications/update", "{\"ids\":[\"" + id + "\"],\"read\":true}");
    JsonNode again = send(bob, "{\"title\":\"Build 7 fixed\",\"scope\":\"build-7\"}");
    assertThat(again.get(0).get("id").asString()).isEqualTo(id);
    JsonNode page = json(get("bob-token", "/api/notifications"));
    assertThat(titles(page)).containsExactly("Build 7 fixed");
    assertThat(page.get("notifications").get(0).get("read").isNull()).isTrue();
    assertThat(page.get("notifications").get(0).get("updated").isNull()).isFalse();
  }

  @Test
  void anotherUsersNotificationIsNotFoundAndTheirMarksCannotBeSet() throws Exception {
    String id = send("{\"type\":\"entity\",\"entityRef\":\"user:default/alice\"}",
        "{\"title\":\"private\"}").get(0).get("id").asString();
    HttpResponse<String> r = get("bob-token", "/api/notifications/" + id);
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(json(r).get("error").get("name").asString()).isEqualTo("NotFoundError");

    HttpResponse<String> upd = post("bob-token", "/api/notifications/update",
        "{\"ids\":[\"" + id + "\"],\"read\":true}");
    assertThat(upd.statusCode()).isEqualTo(200);
    assertThat(json(upd)).isEmpty();
    assertThat(json(get("alice-token", "/api/notifications/" + id)).get("read").isNull()).isTrue();
  }

  @Test
  void onlyCallersWithSendPermissionMaySendAndAnonymousCallersAreRefused() throws Exception {
    HttpResponse<String> asUser = post("alice-token", "/api/notifications",
        "{\"recipients\":{\"type\":\"broadcast\"},\"payload\":{\"title\":\"spam\"}}");
    assertThat(asUser.statusCode()).isEqualTo(403);
    assertThat(asUser.body()).contains("Only services may send notifications");
    HttpResponse<String> denied = post("denied-token", "/api/notifications",
        "{\"recipients\":{\"type\":\"broadcast\"},\"payload\":{\"title\":\"spam\"}}");
    assertThat(denied.statusCode()).isEqualTo(403);
    assertThat(denied.body()).contains("notification.send");
    HttpResponse<String> anon = http.send(
        HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/notifications"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(
                "{\"recipients\":{\"type\":\"broadcast\"},\"payload\":{\"title\":\"spam\"}}"))
            .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(anon.statusCode()).isEqualTo(401);
    assertThat(json(get("bob-token", "/api/notifications")).get("totalCount").asInt()).isZero();
    // a service has no notifications of its own
    assertThat(get("svc-token", "/api/notifications").statusCode()).isEqualTo(403);
  }

  @Test
  void settingsListTheUsersOriginsAndTopicsAndADisabledOriginSendsNothing() throws Exception {
    send("{\"type\":\"entity\",\"entityRef\":\"user:default/alice\"}",
        "{\"title\":\"Build failed\",\"topic\":\"builds\"}");
    JsonNode before = json(get("alice-token", "/api/notifications/settings"));
    assertThat(before.toString()).isEqualTo("{\"channels\":[{\"id\":\"Web\",\"origins\":"
        + "[{\"id\":\"plugin:ci\",\"enabled\":true,\"topics\":[{\"id\":\"builds\","
        + "\"enabled\":true}]}]}]}");

    // alice turns plugin:ci off
    HttpResponse<String> saved = post("alice-token", "/api/notifications/settings",
        "{\"channels\":[{\"id\":\"Web\",\"origins\":[{\"id\":\"plugin:ci\","
            + "\"enabled\":false,\"topics\":[{\"id\":\"builds\",\"enabled\":true}]}]}]}");
    assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
    assertThat(json(saved).at("/channels/0/origins/0/enabled").asBoolean()).isFalse();
    // a topic of a disabled origin is stored off, as Backstage stores it
    assertThat(json(saved).at("/channels/0/origins/0/topics/0/enabled").asBoolean()).isFalse();
    assertThat(json(get("alice-token", "/api/notifications/settings")))
        .isEqualTo(json(saved));

    // a group notification from plugin:ci reaches bob, not alice
    JsonNode sent = send("{\"type\":\"entity\",\"entityRef\":\"group:default/team-a\"}",
        "{\"title\":\"Deploy done\"}");
    assertThat(sent.toString()).contains("user:default/bob").doesNotContain("user:default/alice");
    assertThat(titles(json(get("alice-token", "/api/notifications")))).containsExactly(
        "Build failed");
    assertThat(titles(json(get("bob-token", "/api/notifications")))).containsExactly(
        "Deploy done");
    // bob's settings are his own
    assertThat(json(get("bob-token", "/api/notifications/settings"))
        .at("/channels/0/origins/0/enabled").asBoolean()).isTrue();

    // alice turns the origin back on but the topic off: builds stay away, other topics arrive
    post("alice-token", "/api/notifications/settings",
        "{\"channels\":[{\"id\":\"Web\",\"origins\":[{\"id\":\"plugin:ci\","
            + "\"enabled\":true,\"topics\":[{\"id\":\"builds\",\"enabled\":false}]}]}]}");
    send("{\"type\":\"entity\",\"entityRef\":\"user:default/alice\"}",
        "{\"title\":\"Build failed again\",\"topic\":\"builds\"}");
    send("{\"type\":\"entity\",\"entityRef\":\"user:default/alice\"}",
        "{\"title\":\"Release out\",\"topic\":\"releases\"}");
    assertThat(titles(json(get("alice-token", "/api/notifications"))))
        .containsExactlyInAnyOrder("Build failed", "Release out");

    HttpResponse<String> channel = post("alice-token", "/api/notifications/settings",
        "{\"channels\":[{\"id\":\"Email\",\"origins\":[]}]}");
    assertThat(channel.statusCode()).isEqualTo(400);
    assertThat(channel.body()).contains("Invalid channel 'Email'");
    HttpResponse<String> twice = post("alice-token", "/api/notifications/settings",
        "{\"channels\":[{\"id\":\"Web\",\"origins\":[{\"id\":\"a\",\"enabled\":true},"
            + "{\"id\":\"A\",\"enabled\":false}]}]}");
    assertThat(twice.statusCode()).isEqualTo(400);
    assertThat(twice.body()).contains("channels[0].origins[1].id 'A' appears twice");
    assertThat(post("svc-token", "/api/notifications/settings", "{\"channels\":[]}")
        .statusCode()).isEqualTo(403);
  }

  @Test
  void defaultSettingsTurnAnOriginOffUntilTheUserTurnsItOn() throws Exception {
    Notifications quiet = Notifications.builder().defaultSettings(NotificationSettings.parse(
        Json.parse("{\"channels\":[{\"id\":\"Web\",\"origins\":[{\"id\":\"plugin:noisy\","
            + "\"enabled\":false}]}]}"))).build();
    assertThat(quiet.send("plugin:noisy", Recipients.entities(List.of("user:default/alice")),
        NotificationPayload.of("spam"))).isEmpty();
    assertThat(quiet.send("plugin:ci", Recipients.entities(List.of("user:default/alice")),
        NotificationPayload.of("useful"))).hasSize(1);
    NotificationSettings shown = quiet.settings("user:default/alice");
    assertThat(shown.channel("Web").orElseThrow().origin("plugin:noisy").orElseThrow().enabled())
        .isFalse();
    assertThat(shown.channel("Web").orElseThrow().origin("plugin:ci").orElseThrow().enabled())
        .isTrue();
    quiet.saveSettings("user:default/alice", NotificationSettings.parse(Json.parse(
        "{\"channels\":[{\"id\":\"Web\",\"origins\":[{\"id\":\"plugin:noisy\","
            + "\"enabled\":true}]}]}")));
    assertThat(quiet.send("plugin:noisy", Recipients.entities(List.of("user:default/alice")),
        NotificationPayload.of("wanted now"))).hasSize(1);
    // broadcasts are not filtered per user, as in Backstage
    assertThat(quiet.send("plugin:noisy", Recipients.broadcast(), NotificationPayload.of("all")))
        .hasSize(1);
  }

  @Test
  void theOpenApiDocumentListsEveryRouteAndEachAnswers() throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(
        URI.create(server.baseUrl() + "/api/notifications/openapi.json")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("served without credentials").isEqualTo(200);
    JsonNode doc = json(r);
    HttpApi api = HttpApi.builder().plugin(new NotificationsApiPlugin(notifications)).build();
    assertThat(dev.greenroom.http.OpenApiDocument.operations(doc))
        .isEqualTo(api.operations("notifications"));
    assertThat(dev.greenroom.http.OpenApiDocument.problems(doc)).isEmpty();
    for (String op : dev.greenroom.http.OpenApiDocument.operations(doc)) {
      String method = op.substring(0, op.indexOf(' '));
      String path = op.substring(op.indexOf(' ') + 1).replace("{id}", "no-such-id");
      HttpResponse<String> a = method.equals("GET") ? get("alice-token", "/api/notifications" + path)
          : post("alice-token", "/api/notifications" + path, "{}");
      assertThat(a.body()).as(op).doesNotContain("Not found: " + method + " /api/notifications");
      assertThat(a.statusCode()).as(op + " " + a.body()).isNotIn(405, 500);
    }
  }

  @Test
  void badInputAnswers400NamingTheField() throws Exception {
    assertBad(post("svc-token", "/api/notifications",
        "{\"recipients\":{\"type\":\"broadcast\"},\"payload\":{}}"), "missing title");
    assertBad(post("svc-token", "/api/notifications", "{\"payload\":{\"title\":\"x\"}}"),
        "missing recipients");
    assertBad(post("svc-token", "/api/notifications",
        "{\"recipients\":{\"type\":\"team\"},\"payload\":{\"title\":\"x\"}}"),
        "Invalid recipients type");
    assertBad(post("svc-token", "/api/notifications",
        "{\"recipients\":{\"type\":\"entity\",\"entityRef\":[3]},\"payload\":{\"title\":\"x\"}}"),
        "recipients.entityRef");
    assertBad(post("svc-token", "/api/notifications",
        "{\"recipients\":{\"type\":\"entity\",\"entityRef\":\"nokind\"},"
            + "\"payload\":{\"title\":\"x\"}}"), "recipients.entityRef");
    assertBad(post("svc-token", "/api/notifications",
        "{\"recipients\":{\"type\":\"broadcast\"},\"payload\":{\"title\":\"x\","
            + "\"severity\":\"urgent\"}}"), "payload.severity");
    assertBad(post("svc-token", "/api/notifications",
        "{\"recipients\":{\"type\":\"broadcast\"},\"payload\":{\"title\":\"x\","
            + "\"link\":\"javascript:alert(1)\"}}"), "payload.link");
    assertBad(post("alice-token", "/api/notifications/update", "{\"ids\":\"abc\"}"), "ids");
    assertBad(post("alice-token", "/api/notifications/update",
        "{\"ids\":[\"a\"],\"read\":\"yes\"}"), "read");
    assertBad(get("alice-token", "/api/notifications?limit=ten"), "limit");
    assertBad(get("alice-token", "/api/notifications?limit=100000"), "limit");
    assertBad(get("alice-token", "/api/notifications?offset=-1"), "offset");
    assertBad(get("alice-token", "/api/notifications?orderField=color,desc"), "orderField");
    assertBad(get("alice-token", "/api/notifications?orderField=created,sideways"), "orderField");
    assertBad(get("alice-token", "/api/notifications?read=maybe"), "read");
    assertBad(get("alice-token", "/api/notifications?createdAfter=yesterday"), "createdAfter");
    assertBad(get("alice-token", "/api/notifications?minimumSeverity=extreme"), "minimumSeverity");
    assertBad(get("alice-token", "/api/notifications?colour=red"), "colour");
  }

  static void assertBad(HttpResponse<String> r, String names) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(json(r).get("error").get("message").asString()).contains(names);
  }

  @Test
  void aSubscribedWebSocketReceivesTheNewNotificationSignal() throws Exception {
    LinkedBlockingQueue<String> got = new LinkedBlockingQueue<>();
    WebSocket ws = connect("carol-token", got);
    ws.sendText("{\"action\":\"subscribe\",\"channel\":\"notifications\"}", true).get(10, TimeUnit.SECONDS);
    LinkedBlockingQueue<String> danGot = new LinkedBlockingQueue<>();
    WebSocket dan = connect("dan-token", danGot);
    dan.sendText("{\"action\":\"subscribe\",\"channel\":\"notifications\"}", true).get(10, TimeUnit.SECONDS);
    awaitSubscribed(2);

    String id = send("{\"type\":\"entity\",\"entityRef\":\"group:default/team-b\"}",
        "{\"title\":\"to team b\"}").get(0).get("id").asString();
    String msg = got.poll(10, TimeUnit.SECONDS);
    assertThat(msg).isNotNull();
    JsonNode m = Json.parse(msg);
    assertThat(m.get("channel").asString()).isEqualTo("notifications");
    assertThat(m.get("message").get("action").asString()).isEqualTo("new_notification");
    assertThat(m.get("message").get("notification_id").asString()).isEqualTo(id);
    assertThat(danGot.poll(300, TimeUnit.MILLISECONDS)).isNull();

    send("{\"type\":\"broadcast\"}", "{\"title\":\"to all\"}");
    assertThat(Json.parse(danGot.poll(10, TimeUnit.SECONDS)).get("message").get("action")
        .asString()).isEqualTo("new_notification");

    ws.sendText("{\"action\":\"unsubscribe\",\"channel\":\"notifications\"}", true).get(10, TimeUnit.SECONDS);
    ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(10, TimeUnit.SECONDS);
    dan.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(10, TimeUnit.SECONDS);
  }

  @Test
  void aWebSocketUpgradeWithoutValidTokenIsRefused() {
    for (String token : new String[] {"forged-token", null}) {
      WebSocket.Builder b = http.newWebSocketBuilder();
      if (token != null) {
        b.subprotocols(token);
      }
      CompletableFuture<WebSocket> f = b.buildAsync(
          URI.create(server.baseUrl().toString().replace("http:", "ws:") + "/api/signals"),
          new WebSocket.Listener() { });
      try {
        f.get(10, TimeUnit.SECONDS);
        throw new AssertionError("the upgrade was accepted with token " + token);
      } catch (ExecutionException e) {
        assertThat(e).hasStackTraceContaining("401");
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }
    assertThat(hub.connectionCount()).isZero();
  }

  private void awaitSubscribed(int connections) throws InterruptedException {
    // subscriptions are messages: wait (generously) until the hub has them, by a probe broadcast
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (hub.connectionCount() < connections && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    Thread.sleep(200);
  }

  private WebSocket connect(String token, LinkedBlockingQueue<String> got) throws Exception {
    WebSocket ws = http.newWebSocketBuilder()
        .subprotocols(token)
        .buildAsync(URI.create(server.baseUrl().toString().replace("http:", "ws:") + "/api/signals"),
            new WebSocket.Listener() {
              private final StringBuilder buf = new StringBuilder();

              @Override
              public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                buf.append(data);
                if (last) {
                  got.add(buf.toString());
                  buf.setLength(0);
                }
                w.request(1);
                return null;
              }
            })
        .get(10, TimeUnit.SECONDS);
    assertThat(ws.getSubprotocol()).isEqualTo(token);
    return ws;
  }
}
