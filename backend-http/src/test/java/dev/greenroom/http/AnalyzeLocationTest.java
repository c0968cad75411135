package dev.greenroom.http;

import static dev.greenroom.http.TestCatalog.post;
import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.catalog.processing.location.CatalogRules;
import dev.greenroom.integrations.IntegrationsConfig;
import dev.greenroom.integrations.ScmIntegrations;
import dev.greenroom.integrations.github.FakeGithub;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /api/catalog/analyze-location} with the GitHub integration's analyzer against
 * FakeGithub: the repository's catalog files read in a dry run ({@code existingEntityFiles}), or a
 * proposed Component when it has none, as Backstage's {@code RepoLocationAnalyzer} answers.
 */
class AnalyzeLocationTest {
  static final String TOKEN = "ghp_analyzeLocationToken000000000000001";

  @TempDir Path dir;
  FakeGithub github;
  CatalogEngine engine;
  BackendServer server;
  URI base;

  @BeforeEach
  void start() throws Exception {
    Path repo = dir.resolve("repo");
    Files.createDirectories(repo.resolve("services/billing"));
    Files.writeString(repo.resolve("catalog-info.yaml"), """
        apiVersion: backstage.io/v1alpha1
        kind: System
        metadata: { name: payments }
        spec: { owner: team-a }
        """);
    Files.writeString(repo.resolve("services/billing/catalog-info.yaml"), """
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata: { name: billing }
        spec: { type: service, lifecycle: production, owner: team-a, system: payments }
        ---
        apiVersion: backstage.io/v1alpha1
        kind: API
        metadata: { name: billing-api }
        spec: { type: openapi, lifecycle: production, owner: team-a, definition: "openapi: 3.0.0" }
        """);
    github = new FakeGithub(repo).token(TOKEN);
    ScmIntegrations scm = ScmIntegrations.builder()
        .config(IntegrationsConfig.parse(JsonMapper.builder().build().readTree("{\"github\":[{\"host\":\""
            + github.host() + "\",\"apiBaseUrl\":\"" + github.apiBaseUrl() + "\",\"token\":\"" + TOKEN
            + "\"}]}"), false))
        .build();
    engine = CatalogEngine.builder().rules(CatalogRules.allowAll()).processingDisabled()
        .allowedLocationTypes(List.of("url")).urlReader(scm.urlReader()).build();
    engine.start();
    server = BackendServer.builder().port(0).catalog(engine)
        .locationAnalyzers(scm.locationAnalyzers()).build().start();
    base = server.baseUrl();
  }

  @AfterEach
  void stop() {
    server.close();
    engine.close();
    github.close();
  }

  JsonNode analyze(String body, int status) {
    return CatalogReadRoutesTest.json(post(base, "/api/catalog/analyze-location", body), status);
  }

  String repoUrl() {
    return "http://" + github.host() + "/acme/catalog";
  }

  @Test
  void aRepositoryWithCatalogFilesAnswersTheirEntities() {
    JsonNode r = analyze("{\"location\":{\"type\":\"url\",\"target\":\"" + repoUrl() + "\"}}", 200);
    assertThat(r.get("generateEntities").isEmpty()).isTrue();
    List<String> seen = new ArrayList<>();
    for (JsonNode f : r.get("existingEntityFiles")) {
      assertThat(f.propertyNames()).containsExactly("location", "isRegistered", "entity");
      assertThat(f.at("/location/type").stringValue()).isEqualTo("url");
      assertThat(f.get("isRegistered").booleanValue()).isFalse();
      seen.add(f.at("/location/target").stringValue() + " " + f.at("/entity/kind").stringValue()
          + ":" + f.at("/entity/metadata/name").stringValue());
    }
    assertThat(seen).containsExactly(
        repoUrl() + "/blob/main/catalog-info.yaml System:payments",
        repoUrl() + "/blob/main/services/billing/catalog-info.yaml Component:billing",
        repoUrl() + "/blob/main/services/billing/catalog-info.yaml API:billing-api");
    assertThat(github.requestLines()).contains(
        "/api/v3/search/code?q=filename%3Acatalog-info.yaml%20extension%3Ayaml%20repo%3Aacme%2Fcatalog&per_page=100");

    engine.registerLocation("url", repoUrl() + "/blob/main/services/billing/catalog-info.yaml");
    JsonNode again = analyze("{\"location\":{\"type\":\"url\",\"target\":\"" + repoUrl() + "\"}}", 200);
    assertThat(again.at("/existingEntityFiles/0/isRegistered").booleanValue()).isFalse();
    assertThat(again.at("/existingEntityFiles/1/isRegistered").booleanValue()).isTrue();
    assertThat(again.at("/existingEntityFiles/2/isRegistered").booleanValue()).isTrue();
  }

  @Test
  void aRepositoryWithoutTheFileGetsAProposedComponentWithGithubsSlugAnnotation() {
    JsonNode r = analyze("{\"location\":{\"type\":\"url\",\"target\":\"" + repoUrl() + "\"},"
        + "\"catalogFilename\":\"backstage.yaml\"}", 200);
    assertThat(r.get("existingEntityFiles").isEmpty()).isTrue();
    assertThat(r.at("/generateEntities/0/entity/metadata/name").stringValue()).isEqualTo("catalog");
    assertThat(r.at("/generateEntities/0/entity/metadata/annotations/github.com~1project-slug").stringValue())
        .isEqualTo("acme/catalog");
    assertThat(r.at("/generateEntities/0/entity/spec/type").stringValue()).isEqualTo("other");
    assertThat(r.at("/generateEntities/0/fields").isArray()).isTrue();
  }

  @Test
  void anAzureRepositoryIsNamedAfterTheRepositoryNotTheProject() {
    JsonNode r = analyze("{\"location\":{\"type\":\"url\",\"target\":"
        + "\"https://dev.azure.com/acme/platform/_git/billing-service\"}}", 200);
    assertThat(r.at("/generateEntities/0/entity/metadata/name").stringValue()).isEqualTo("billing-service");
    assertThat(r.at("/generateEntities/0/entity/metadata/annotations/dev.azure.com~1project-slug").stringValue())
        .isEqualTo("acme/billing-service");
  }

  @Test
  void aHostWithoutAnIntegrationOrAnalyzerGetsAComponentWithoutAnnotation() {
    JsonNode r = analyze("{\"location\":{\"type\":\"url\",\"target\":\"https://git.example.com/acme/widget\"}}", 200);
    assertThat(r.at("/generateEntities/0/entity/metadata/name").stringValue()).isEqualTo("widget");
    assertThat(r.at("/generateEntities/0/entity/metadata").has("annotations")).isFalse();
    assertThat(github.requestLines()).isEmpty();
  }

  @Test
  void aHostThatRefusesTheTokenIsAnErrorNamingTheHostAndRepositoryButNotTheToken() throws Exception {
    server.close();
    ScmIntegrations wrong = ScmIntegrations.builder()
        .config(IntegrationsConfig.parse(JsonMapper.builder().build().readTree("{\"github\":[{\"host\":\""
            + github.host() + "\",\"apiBaseUrl\":\"" + github.apiBaseUrl()
            + "\",\"token\":\"ghp_refusedToken0000000000000000000000002\"}]}"), false))
        .build();
    server = BackendServer.builder().port(0).catalog(engine)
        .locationAnalyzers(wrong.locationAnalyzers()).build().start();
    base = server.baseUrl();
    JsonNode r = analyze("{\"location\":{\"type\":\"url\",\"target\":\"" + repoUrl() + "\"}}", 500);
    assertThat(r.at("/error/message").stringValue())
        .contains("Unable to analyze " + repoUrl())
        .contains(github.host())
        .contains("401")
        .doesNotContain("ghp_refused");
  }

  @Test
  void aCatalogFilenameThatIsAPathIsAnInputError() throws Exception {
    JsonNode bad = analyze("{\"location\":{\"type\":\"url\",\"target\":\"" + repoUrl() + "\"},"
        + "\"catalogFilename\":\"../etc/passwd\"}", 400);
    assertThat(bad.at("/error/message").stringValue()).contains("catalogFilename must be a file name");
  }
}
