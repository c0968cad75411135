package dev.greenroom.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.greenroom.catalog.json.Json;
import dev.greenroom.cli.config.AppConfig;
import dev.greenroom.scaffolder.upgrade.PullRequestOpener;
import dev.greenroom.scaffolder.upgrade.RepositoryLocation;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Upgrade pull requests on a configured GitHub host, against a local fake of GitHub's pulls API
 * ({@code POST /repos/{owner}/{repo}/pulls}: 201 with {@code html_url}, 422 when one is open for
 * the branch already, then {@code GET ...pulls?head=owner:branch}).
 */
class UpgradePullRequestsTest {
  static final String TOKEN = "ghp_prT0kenNeverShown00000000000000000000";
  @TempDir Path dir;
  HttpServer server;
  final List<String> requests = new CopyOnWriteArrayList<>();
  final List<JsonNode> bodies = new CopyOnWriteArrayList<>();
  final AtomicInteger status = new AtomicInteger(201);

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/api/v3/repos/acme/svc/pulls", ex -> {
      try (ex) {
        requests.add(ex.getRequestMethod() + " " + ex.getRequestURI() + " "
            + ex.getRequestHeaders().getFirst("Authorization"));
        String answer;
        int code;
        if (ex.getRequestMethod().equals("POST")) {
          bodies.add(Json.parse(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
          code = status.get();
          answer = code == 201 ? "{\"number\":7,\"html_url\":\"https://ghe.example/acme/svc/pull/7\"}"
              : "{\"message\":\"Validation Failed: A pull request already exists\"}";
        } else {
          code = 200;
          answer = "[{\"number\":5,\"html_url\":\"https://ghe.example/acme/svc/pull/5\"}]";
        }
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(code, bytes.length);
        try (OutputStream os = ex.getResponseBody()) {
          os.write(bytes);
        }
      }
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  PullRequestOpener opener() throws Exception {
    String host = "127.0.0.1:" + server.getAddress().getPort();
    Path file = dir.resolve("app-config.yaml");
    Files.writeString(file, """
        integrations:
          github:
            - host: %s
              apiBaseUrl: http://%s/api/v3
              token: ${GITHUB_TOKEN}
        """.formatted(host, host));
    AppConfig config = AppConfig.load(List.of(file), Map.of("GITHUB_TOKEN", TOKEN)::get);
    return new UpgradePullRequests(CatalogSetup.integrations(config), Duration.ofSeconds(10));
  }

  PullRequestOpener.Request request(String host) {
    String base = "http://" + host + "/acme/svc";
    return new PullRequestOpener.Request(new RepositoryLocation(base + "/tree/main/", base + ".git",
        "main"), "greenroom/upgrade-demo-2", "main", "Upgrade demo", "Files: app.conf");
  }

  @Test
  void opensThePullRequestOfThePushedBranchWithTheIntegrationsToken() throws Exception {
    String host = "127.0.0.1:" + server.getAddress().getPort();
    PullRequestOpener opener = opener();
    assertThat(opener.open(request(host))).hasValue("https://ghe.example/acme/svc/pull/7");
    assertThat(requests).containsExactly("POST /api/v3/repos/acme/svc/pulls Bearer " + TOKEN);
    assertThat(bodies.get(0)).isEqualTo(Json.parse("""
        {"title":"Upgrade demo","body":"Files: app.conf","head":"greenroom/upgrade-demo-2","base":"main"}"""));

    // a second upgrade to the same version: the open pull request is the answer
    status.set(422);
    assertThat(opener.open(request(host))).hasValue("https://ghe.example/acme/svc/pull/5");
    assertThat(requests.get(2)).startsWith(
        "GET /api/v3/repos/acme/svc/pulls?state=open&head=acme%3Agreenroom%2Fupgrade-demo-2 ");

    // another host has no integration: the branch is reported instead
    assertThat(opener.open(request("git.example.org"))).isEqualTo(Optional.empty());
  }

  @Test
  void aRefusalNamesTheHostAndNeverTheToken() throws Exception {
    status.set(403);
    String host = "127.0.0.1:" + server.getAddress().getPort();
    PullRequestOpener opener = opener();
    assertThatThrownBy(() -> opener.open(request(host)))
        .hasMessageContaining("GitHub " + host + " answered 403")
        .hasMessageContaining("greenroom/upgrade-demo-2")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(TOKEN));
  }
}
