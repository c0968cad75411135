package dev.greenroom.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.cli.config.ConfigException;
import dev.greenroom.integrations.gitlab.FakeGitlab;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code serve} with {@code integrations.gitlab} (a self-managed host below {@code /gitlab}, the
 * local FakeGitlab) and {@code catalog.providers.gitlab}: discovered projects' entities and the
 * org's users and groups appear in the catalog API.
 */
class GitlabServeTest {
  static final String TOKEN = "glpat-serveTokenThatMustNeverBeShown";
  @TempDir Path data;
  FakeGitlab gitlab;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    gitlab = new FakeGitlab("/gitlab").token(TOKEN)
        .group("acme", "ACME", "")
        .group("acme/payments", "Payments", "The payments team")
        .project("acme/payments/ledger", Map.of("catalog-info.yaml", """
            apiVersion: backstage.io/v1alpha1
            kind: Component
            metadata:
              name: ledger
            spec:
              type: service
              lifecycle: production
              owner: group:payments
            """.getBytes(StandardCharsets.UTF_8)))
        .project("acme/payments/tools", Map.of("README.md", "no catalog\n".getBytes(StandardCharsets.UTF_8)))
        .user("erin", "Erin Evans", "erin@acme.example")
        .member("acme/payments", "erin");
  }

  @AfterEach
  void stop() {
    gitlab.close();
  }

  static ServeCommand parse(String... args) {
    CommandLine.ParseResult parsed = Greenroom.commandLine().parseArgs(args);
    return (ServeCommand) parsed.subcommand().commandSpec().userObject();
  }

  Path config(String providerHost) throws Exception {
    Path config = data.resolve("conf/app-config.yaml");
    Files.createDirectories(config.getParent());
    Files.writeString(config, """
        integrations:
          gitlab:
            - host: %s
              apiBaseUrl: %s
              baseUrl: %s
              token: ${GITLAB_TEST_TOKEN:-%s}
        catalog:
          providers:
            gitlab:
              acme:
                host: %s
                group: acme
                orgEnabled: true
                schedule:
                  frequency: { minutes: 30 }
                  timeout: { minutes: 3 }
        """.formatted(gitlab.host(), gitlab.apiBaseUrl(), gitlab.baseUrl(), TOKEN, providerHost));
    return config;
  }

  String getUntil200(int port, String path) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    HttpResponse<String> r = null;
    while (System.nanoTime() < deadline) {
      r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 200) {
        return r.body();
      }
      Thread.sleep(100);
    }
    throw new AssertionError(path + " answered " + (r == null ? "nothing" : r.statusCode() + " " + r.body()));
  }

  @Test
  void discoveredEntitiesAndTheOrgAppearInTheCatalog() throws Exception {
    ServeCommand serve = parse("serve", "--config", config(gitlab.host()).toString(), "--port", "0",
        "--data", data.resolve("db").toString());
    try (ServeCommand.Running running = serve.start()) {
      String ledger = getUntil200(running.port(), "/api/catalog/entities/by-name/component/default/ledger");
      assertThat(ledger).contains("\"backstage.io/managed-by-location\":\"url:"
          + gitlab.webUrl("acme/payments/ledger", "-/blob/main/catalog-info.yaml") + "\"");
      assertThat(getUntil200(running.port(), "/api/catalog/entities/by-name/user/default/erin"))
          .contains("\"memberOf\":[\"payments\"]");
      assertThat(getUntil200(running.port(), "/api/catalog/entities/by-name/group/default/payments"))
          .contains("\"type\":\"hasMember\"").contains("user:default/erin");
      String locations = getUntil200(running.port(), "/api/catalog/entities?filter=kind=location");
      assertThat(locations).contains(gitlab.webUrl("acme/payments/ledger", "-/blob/main/catalog-info.yaml"))
          .doesNotContain("acme/payments/tools");
    }
    assertThat(gitlab.requests()).isNotEmpty().allSatisfy(r -> assertThat(r.token()).isEqualTo(TOKEN));
  }

  @Test
  void aProviderForAHostWithoutAnIntegrationStopsTheStartNamingTheKey() throws Exception {
    ServeCommand serve = parse("serve", "--config", config("gitlab.elsewhere.example").toString(),
        "--port", "0", "--data", data.resolve("db").toString());
    assertThatThrownBy(serve::start).isInstanceOf(ConfigException.class)
        .hasMessageContaining("catalog.providers.gitlab.acme.host")
        .hasMessageContaining("gitlab.elsewhere.example")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(TOKEN));
  }
}
