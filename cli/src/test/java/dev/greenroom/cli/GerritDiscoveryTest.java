package dev.greenroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.integrations.gerrit.FakeGerritHost;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * {@code serve} with {@code integrations.gerrit} and {@code catalog.providers.gerrit} on a local
 * fake Gerrit: the provider runs on its schedule, and the entities of the listed projects' catalog
 * files (read through the Gerrit reader) appear in the catalog API.
 */
class GerritDiscoveryTest {
  static final String PASSWORD = "gerritCliPassw0rdNeverShownAnywhere";
  @TempDir Path dir;
  FakeGerritHost gerrit;
  final HttpClient http = HttpClient.newHttpClient();

  static Map<String, String> component(String name) {
    return Map.of("catalog-info.yaml", """
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata:
          name: %s
        spec:
          type: service
          lifecycle: production
          owner: team-a
        """.formatted(name));
  }

  @BeforeEach
  void start() throws Exception {
    gerrit = new FakeGerritHost().credentials("bot", PASSWORD);
    gerrit.project("webapps/billing", "ACTIVE", "main", component("billing-web"))
        .project("webapps/ledger", "ACTIVE", "master", component("ledger-web"))
        .project("webapps/old", "READ_ONLY", "main", component("old-web"))
        .project("tools/linter", "ACTIVE", "main", component("linter"));
  }

  @AfterEach
  void stop() {
    gerrit.close();
  }

  Path config(String host) throws Exception {
    Path config = dir.resolve("app-config.yaml");
    Files.writeString(config, """
        integrations:
          gerrit:
            - host: %s
              baseUrl: %s
              gitilesBaseUrl: %s
              username: bot
              password: %s
        catalog:
          providers:
            gerrit:
              webapps:
                host: %s
                query: state=ACTIVE&prefix=webapps
                schedule:
                  frequency: { minutes: 30 }
                  timeout: { minutes: 1 }
        """.formatted(gerrit.host(), gerrit.baseUrl(), gerrit.gitilesBaseUrl(), PASSWORD, host));
    return config;
  }

  int get(int port, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  @Test
  void serveRunsTheProviderAndTheProjectsEntitiesAppear() throws Exception {
    CommandLine cl = Greenroom.commandLine();
    ServeCommand serve = (ServeCommand) cl.parseArgs("serve", "--config", config(gerrit.host()).toString(),
        "--port", "0", "--data", dir.resolve("data").toString()).subcommand().commandSpec().userObject();
    try (ServeCommand.Running running = serve.start()) {
      String billing = "/api/catalog/entities/by-name/component/default/billing-web";
      long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      while (get(running.port(), billing) != 200 && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      assertThat(get(running.port(), billing)).isEqualTo(200);
      assertThat(running.engine().awaitIdle(Duration.ofMinutes(1))).isTrue();
      assertThat(get(running.port(), "/api/catalog/entities/by-name/component/default/ledger-web"))
          .isEqualTo(200); // HEAD is master there
      assertThat(get(running.port(), "/api/catalog/entities/by-name/component/default/old-web"))
          .isEqualTo(404); // not ACTIVE
      assertThat(get(running.port(), "/api/catalog/entities/by-name/component/default/linter"))
          .isEqualTo(404); // another prefix
      assertThat(gerrit.requests()).contains("/a/projects/?state=ACTIVE&prefix=webapps",
          "/a/projects/webapps%2Fledger/HEAD");
    }
  }

  @Test
  void aProviderHostWithoutAnIntegrationIsAConfigErrorNamingTheKey() throws Exception {
    java.io.StringWriter err = new java.io.StringWriter();
    CommandLine cl = Greenroom.commandLine();
    cl.setErr(new java.io.PrintWriter(err, true));
    int status = cl.execute("serve", "--config", config("gerrit.example.com").toString(), "--port", "0",
        "--data", dir.resolve("data").toString());
    assertThat(status).isEqualTo(2);
    assertThat(err.toString())
        .contains("catalog.providers.gerrit.webapps.host", "gerrit.example.com")
        .doesNotContain(PASSWORD);
  }
}
