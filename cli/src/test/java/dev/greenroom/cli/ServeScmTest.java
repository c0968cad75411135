package dev.greenroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.integrations.github.FakeGithub;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code serve} with {@code integrations.github}: analyze-location asks the integration (code
 * search with its token) and answers the repository's catalog files, as the catalog-import page
 * expects.
 */
class ServeScmTest {
  static final String TOKEN = "ghp_serveScmToken000000000000000000000001";

  @TempDir Path data;

  @Test
  void analyzeLocationFindsARepositorysCatalogFilesThroughTheGithubIntegration() throws Exception {
    Path repo = data.resolve("repo");
    Files.createDirectories(repo);
    Files.writeString(repo.resolve("catalog-info.yaml"), """
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata: { name: imported }
        spec: { type: service, lifecycle: production, owner: team-a }
        """);
    try (FakeGithub github = new FakeGithub(repo).token(TOKEN)) {
      Path config = data.resolve("app-config.yaml");
      Files.writeString(config, """
          integrations:
            github:
              - host: %s
                apiBaseUrl: %s
                token: ${GREENROOM_SCM_TEST_TOKEN:-%s}
          """.formatted(github.host(), github.apiBaseUrl(), TOKEN));
      CommandLine.ParseResult parsed = Greenroom.commandLine().parseArgs(
          "serve", "--config", config.toString(), "--port", "0", "--data", data.resolve("db").toString());
      ServeCommand serve = (ServeCommand) parsed.subcommand().commandSpec().userObject();
      try (ServeCommand.Running running = serve.start()) {
        String target = "http://" + github.host() + "/acme/catalog";
        HttpResponse<String> r = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + running.port()
                    + "/api/catalog/analyze-location"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                    "{\"location\":{\"type\":\"url\",\"target\":\"" + target + "\"}}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body())
            .contains("\"target\":\"" + target + "/blob/main/catalog-info.yaml\"")
            .contains("\"name\":\"imported\"")
            .contains("\"generateEntities\":[]");
        assertThat(github.requestLines()).anyMatch(p -> p.startsWith("/api/v3/search/code"));
        assertThat(github.authorizations()).allMatch(a -> a.equals("Bearer " + TOKEN));
      }
    }
  }
}
