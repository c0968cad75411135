package dev.greenroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.processing.state.RefreshState;
import dev.greenroom.integrations.azure.FakeAzureSearch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code serve} with {@code integrations.azure} and {@code catalog.providers.azureDevOps} on a
 * local fake Azure DevOps code search: the provider runs on its schedule with the integration's
 * personal access token and its Location entities reach the catalog, named and targeted as
 * Backstage names and targets them ({@code https://<host>/<org>/<project>/_git/<repo>?path=}).
 */
class AzureDevOpsDiscoveryTest {
  static final String PAT = "azdoCliPatT0kenNeverShownAnywhere";
  @TempDir Path dir;
  FakeAzureSearch search;

  @BeforeEach
  void start() throws Exception {
    search = new FakeAzureSearch("acme").token(PAT);
    search.file("payments", "billing", "main", "/catalog-info.yaml")
        .file("payments", "ledger", "main", "/catalog-info.yaml")
        .file("payments", "notes", "main", "/README.md")
        .file("platform", "infra", "main", "/catalog-info.yaml");
  }

  @AfterEach
  void stop() {
    search.close();
  }

  Path config(String providerHost) throws Exception {
    Path config = dir.resolve("app-config.yaml");
    Files.writeString(config, """
        integrations:
          azure:
            - host: %s
              credentials:
                - personalAccessToken: %s
        catalog:
          providers:
            azureDevOps:
              payments:
                host: %s
                organization: acme
                project: payments
                searchBaseUrl: %s
                schedule:
                  frequency: { minutes: 30 }
                  timeout: { minutes: 1 }
        """.formatted(search.host(), PAT, providerHost, search.baseUrl()));
    return config;
  }

  @Test
  void serveRunsTheProviderAndItsLocationsAppear() throws Exception {
    CommandLine cl = Greenroom.commandLine();
    ServeCommand serve = (ServeCommand) cl.parseArgs("serve", "--config", config(search.host()).toString(),
        "--port", "0", "--data", dir.resolve("data").toString()).subcommand().commandSpec().userObject();
    try (ServeCommand.Running running = serve.start()) {
      String target = "https://" + search.host() + "/acme/payments/_git/billing?path=/catalog-info.yaml";
      EntityRef billing = EntityRef.parse("location:default/generated-" + Json.sha1Hex("url:" + target));
      long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      while (running.engine().state().get(billing).isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      // the provider's entity as the catalog stores it before processing (processing then reads
      // the https target, which this plain-HTTP fake does not serve)
      RefreshState state = running.engine().state().get(billing).orElseThrow();
      assertThat(state.locationKey()).isEqualTo("AzureDevOpsEntityProvider:payments");
      Entity entity = state.unprocessed();
      assertThat(entity.spec().path("target").asString()).isEqualTo(target);
      assertThat(entity.spec().path("type").asString()).isEqualTo("url");
      assertThat(entity.spec().path("presence").asString()).isEqualTo("required");
      assertThat(entity.metadata().annotation("backstage.io/managed-by-location")).isEqualTo("url:" + target);
      String ledger = "https://" + search.host() + "/acme/payments/_git/ledger?path=/catalog-info.yaml";
      assertThat(running.engine().state().get(EntityRef.parse("location:default/generated-"
          + Json.sha1Hex("url:" + ledger)))).isPresent();
      String infra = "https://" + search.host() + "/acme/platform/_git/infra?path=/catalog-info.yaml";
      assertThat(running.engine().state().get(EntityRef.parse("location:default/generated-"
          + Json.sha1Hex("url:" + infra)))).isEmpty(); // another project
      assertThat(search.requests()).isNotEmpty().allSatisfy(q -> {
        assertThat(q.authorization()).isEqualTo("Basic " + Base64.getEncoder()
            .encodeToString((":" + PAT).getBytes(StandardCharsets.UTF_8)));
        assertThat(q.body().path("searchText").asString()).isEqualTo("path:/catalog-info.yaml repo:* proj:payments");
      });
    }
  }

  @Test
  void aProviderHostWithoutAnIntegrationIsAConfigErrorNamingTheKey() throws Exception {
    java.io.StringWriter err = new java.io.StringWriter();
    CommandLine cl = Greenroom.commandLine();
    cl.setErr(new java.io.PrintWriter(err, true));
    int status = cl.execute("serve", "--config", config("ado.example.com").toString(), "--port", "0",
        "--data", dir.resolve("data").toString());
    assertThat(status).isEqualTo(2);
    assertThat(err.toString())
        .contains("catalog.providers.azureDevOps.payments.host", "ado.example.com")
        .doesNotContain(PAT);
  }
}
