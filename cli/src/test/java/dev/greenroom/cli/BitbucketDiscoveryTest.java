package dev.greenroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.integrations.bitbucket.FakeBitbucketServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code serve} with {@code integrations.bitbucketServer} and {@code
 * catalog.providers.bitbucketServer} on a local fake Bitbucket Server: the provider runs on its
 * schedule and the entities of the discovered repositories appear in the catalog API.
 */
class BitbucketDiscoveryTest {
  static final String TOKEN = "BBDCcliT0kenNeverShownAnywhere0";
  @TempDir Path dir;
  FakeBitbucketServer server;
  final HttpClient http = HttpClient.newHttpClient();

  Path repo(String name, String componentName) throws Exception {
    Path r = dir.resolve("repos").resolve(name);
    Files.createDirectories(r);
    if (componentName != null) {
      Files.writeString(r.resolve("catalog-info.yaml"), """
          apiVersion: backstage.io/v1alpha1
          kind: Component
          metadata:
            name: %s
          spec:
            type: service
            lifecycle: production
            owner: team-a
          """.formatted(componentName));
    } else {
      Files.writeString(r.resolve("README.md"), "# no catalog file here\n");
    }
    return r;
  }

  @BeforeEach
  void start() throws Exception {
    server = new FakeBitbucketServer();
    server.bearer(TOKEN);
    server.repo("PAY", "billing", repo("billing", "billing-service"), "main", false);
    server.repo("PAY", "ledger", repo("ledger", "ledger-service"), "main", false);
    server.repo("PAY", "notes", repo("notes", null), "main", false);
    server.repo("OLD", "legacy", repo("legacy", "legacy-service"), "main", true);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  Path config(String providers) throws Exception {
    Path config = dir.resolve("app-config.yaml");
    Files.writeString(config, """
        integrations:
          bitbucketServer:
            - host: %s
              apiBaseUrl: %s
              token: %s
        catalog:
          providers:
            bitbucketServer:
        %s
        """.formatted(server.host(), server.apiBaseUrl(), TOKEN, providers.indent(6).stripTrailing()));
    return config;
  }

  int get(int port, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  @Test
  void serveRunsTheProviderAndTheDiscoveredEntitiesAppear() throws Exception {
    Path config = config("""
        main:
          host: %s
          filters:
            skipArchivedRepos: true
          schedule:
            frequency: { minutes: 30 }
            timeout: { minutes: 1 }
        """.formatted(server.host()));
    CommandLine cl = Greenroom.commandLine();
    ServeCommand serve = (ServeCommand) cl.parseArgs("serve", "--config", config.toString(),
        "--port", "0", "--data", dir.resolve("data").toString()).subcommand().commandSpec().userObject();
    try (ServeCommand.Running running = serve.start()) {
      String billing = "/api/catalog/entities/by-name/component/default/billing-service";
      long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      while (get(running.port(), billing) != 200 && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      assertThat(get(running.port(), billing)).isEqualTo(200);
      assertThat(running.engine().awaitIdle(Duration.ofMinutes(1))).isTrue();
      assertThat(get(running.port(), "/api/catalog/entities/by-name/component/default/ledger-service"))
          .isEqualTo(200);
      // archived repositories are skipped
      assertThat(get(running.port(), "/api/catalog/entities/by-name/component/default/legacy-service"))
          .isEqualTo(404);
      assertThat(server.requests()).isNotEmpty()
          .allSatisfy(r -> assertThat(r.authorization()).isEqualTo("Bearer " + TOKEN));
    }
  }

  @Test
  void aProviderHostWithoutAnIntegrationIsAConfigErrorNamingTheKey() throws Exception {
    Path config = config("""
        main:
          host: bitbucket.example.com
          schedule:
            frequency: { minutes: 30 }
            timeout: { minutes: 1 }
        """);
    java.io.StringWriter err = new java.io.StringWriter();
    CommandLine cl = Greenroom.commandLine();
    cl.setErr(new java.io.PrintWriter(err, true));
    int status = cl.execute("serve", "--config", config.toString(), "--port", "0",
        "--data", dir.resolve("data").toString());
    assertThat(status).isEqualTo(2);
    assertThat(err.toString())
        .contains("catalog.providers.bitbucketServer.main.host", "bitbucket.example.com")
        .doesNotContain(TOKEN);
  }
}
