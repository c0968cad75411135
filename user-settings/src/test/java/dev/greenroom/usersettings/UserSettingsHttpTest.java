package dev.greenroom.usersettings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.http.HttpApi;
import dev.greenroom.http.auth.ApiPrincipal;
import dev.greenroom.http.auth.Authenticator;
import dev.greenroom.http.auth.UserPrincipal;
import dev.greenroom.http.jetty.JettyServer;
import dev.greenroom.usersettings.http.UserSettingsApiPlugin;
import dev.greenroom.usersettings.store.jdbc.JdbcUserSettingsStore;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The user-settings routes over HTTP on Jetty, called as the frontend's {@code
 * UserSettingsStorage} calls them (bucket and key through {@code encodeURIComponent}), on the H2
 * store.
 */
class UserSettingsHttpTest {
  static final Map<String, Principal> TOKENS = Map.of(
      "alice-token", new UserPrincipal("user:default/alice", List.of("user:default/alice")),
      "bob-token", new UserPrincipal("user:default/bob", List.of("user:default/bob")),
      "svc-token", new ApiPrincipal("plugin:ci"));

  private final HttpClient http = HttpClient.newHttpClient();
  private final List<String> changes = new CopyOnWriteArrayList<>();
  private JdbcUserSettingsStore store;
  private JettyServer server;

  @BeforeEach
  void start() {
    store = JdbcUserSettingsStore.h2InMemory("usettings-http-" + UUID.randomUUID());
    UserSettings settings = UserSettings.builder()
        .store(store)
        .listener((user, key, deleted) -> changes.add(user + " " + key + (deleted ? " deleted" : " changed")))
        .build();
    Authenticator auth = headers -> headers.firstValue("authorization")
        .filter(h -> h.startsWith("Bearer "))
        .map(h -> TOKENS.get(h.substring(7)));
    HttpApi api = HttpApi.builder().authenticator(auth)
        .plugin(new UserSettingsApiPlugin(settings)).build();
    server = JettyServer.builder().api(api).port(0).build().start();
  }

  @AfterEach
  void stop() {
    server.close();
    store.close();
  }

  static String enc(String s) {
    // encodeURIComponent: spaces as %20, '/' as %2F
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  static String keyPath(String bucket, String key) {
    return "/api/user-settings/buckets/" + enc(bucket) + "/keys/" + enc(key);
  }

  HttpResponse<String> send(String token, String method, String path, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      b.header("Content-Type", "application/json; charset=utf-8");
    }
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void putGetMultigetDeleteAsTheFrontendCallsThem() throws Exception {
    String starred = keyPath("default.starredEntities", "entityRefs");
    assertThat(send("alice-token", "GET", starred, null).statusCode()).isEqualTo(404);

    HttpResponse<String> put = send("alice-token", "PUT", starred,
        "{\"value\":[\"component:default/petstore\"]}");
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    assertThat(Json.parse(put.body())).isEqualTo(Json.parse(
        "{\"bucket\":\"default.starredEntities\",\"key\":\"entityRefs\","
            + "\"value\":[\"component:default/petstore\"]}"));
    assertThat(changes).containsExactly("user:default/alice entityRefs changed");

    HttpResponse<String> get = send("alice-token", "GET", starred, null);
    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(Json.parse(get.body())).isEqualTo(Json.parse(put.body()));
    // another user's settings are their own
    assertThat(send("bob-token", "GET", starred, null).statusCode()).isEqualTo(404);

    HttpResponse<String> multi = send("alice-token", "POST", "/api/user-settings/multiget",
        "{\"items\":[{\"bucket\":\"userSettings\",\"key\":\"theme\"},"
            + "{\"bucket\":\"default.starredEntities\",\"key\":\"entityRefs\"}]}");
    assertThat(multi.statusCode()).as(multi.body()).isEqualTo(200);
    assertThat(Json.parse(multi.body())).isEqualTo(Json.parse(
        "{\"items\":[null,{\"value\":[\"component:default/petstore\"]}]}"));

    assertThat(send("alice-token", "DELETE", starred, null).statusCode()).isEqualTo(204);
    assertThat(send("alice-token", "GET", starred, null).statusCode()).isEqualTo(404);
    assertThat(changes).last().isEqualTo("user:default/alice entityRefs deleted");
  }

  @Test
  void keysWithSlashesAndSpacesStayOneSegment() throws Exception {
    String path = keyPath("plugin/x", "a/b c");
    assertThat(send("alice-token", "PUT", path, "{\"value\":{\"on\":true}}").statusCode()).isEqualTo(200);
    JsonNode got = Json.parse(send("alice-token", "GET", path, null).body());
    assertThat(got.get("bucket").asString()).isEqualTo("plugin/x");
    assertThat(got.get("key").asString()).isEqualTo("a/b c");
    assertThat(got.get("value")).isEqualTo(Json.parse("{\"on\":true}"));
  }

  @Test
  void onlySignedInUsersHaveSettings() throws Exception {
    String theme = keyPath("userSettings", "theme");
    assertThat(send(null, "GET", theme, null).statusCode()).isEqualTo(401);
    assertThat(send(null, "POST", "/api/user-settings/multiget", "{\"items\":[]}").statusCode())
        .isEqualTo(401);
    HttpResponse<String> svc = send("svc-token", "PUT", theme, "{\"value\":\"dark\"}");
    assertThat(svc.statusCode()).isEqualTo(403);
    assertThat(svc.body()).contains("Only users have settings");
  }

  @Test
  void badInputAnswers400NamingWhatIsWrong() throws Exception {
    String theme = keyPath("userSettings", "theme");
    HttpResponse<String> noValue = send("alice-token", "PUT", theme, "{\"val\":\"dark\"}");
    assertThat(noValue.statusCode()).isEqualTo(400);
    assertThat(noValue.body()).contains("Missing required field \\\"value\\\"");

    HttpResponse<String> longKey = send("alice-token", "PUT",
        keyPath("userSettings", "k".repeat(UserSettings.MAX_NAME_LENGTH + 1)), "{\"value\":1}");
    assertThat(longKey.statusCode()).isEqualTo(400);
    assertThat(longKey.body()).contains("The key is 256 characters long; at most 255");

    HttpResponse<String> big = send("alice-token", "PUT", theme,
        "{\"value\":\"" + "x".repeat(UserSettings.MAX_VALUE_BYTES) + "\"}");
    assertThat(big.statusCode()).isEqualTo(400);
    assertThat(big.body()).contains("at most " + UserSettings.MAX_VALUE_BYTES + " are kept");
    assertThat(send("alice-token", "GET", theme, null).statusCode()).isEqualTo(404);

    HttpResponse<String> badItems = send("alice-token", "POST", "/api/user-settings/multiget",
        "{\"items\":[{\"bucket\":\"userSettings\"}]}");
    assertThat(badItems.statusCode()).isEqualTo(400);
    assertThat(badItems.body()).contains("items[0] must be an object with string bucket and key");

    StringBuilder many = new StringBuilder("{\"items\":[");
    for (int i = 0; i <= UserSettings.MAX_MULTIGET; i++) {
      many.append(i == 0 ? "" : ",").append("{\"bucket\":\"b\",\"key\":\"k").append(i).append("\"}");
    }
    HttpResponse<String> tooMany = send("alice-token", "POST", "/api/user-settings/multiget",
        many.append("]}").toString());
    assertThat(tooMany.statusCode()).isEqualTo(400);
    assertThat(tooMany.body()).contains("at most 1000");
    assertThat(changes).isEmpty();
  }
}
