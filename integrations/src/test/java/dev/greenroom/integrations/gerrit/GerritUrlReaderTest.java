package dev.greenroom.integrations.gerrit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.catalog.processing.ProcessingException;
import dev.greenroom.catalog.processing.location.UrlReader;
import dev.greenroom.integrations.GerritIntegrationConfig;
import dev.greenroom.integrations.ReadLimits;
import dev.greenroom.integrations.ScmIntegrations;
import dev.greenroom.integrations.Secret;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class GerritUrlReaderTest {
  static final String PASSWORD = "gerrit-http-pw-never-shown-01";

  FakeGerrit gerrit;
  Path fixture;

  @BeforeEach
  void start() throws IOException, URISyntaxException {
    fixture = Path.of(getClass().getResource("/github-fixture/catalog").toURI());
    gerrit = new FakeGerrit(fixture).credentials("robot", PASSWORD);
  }

  @AfterEach
  void stop() {
    gerrit.close();
  }

  GerritUrlReader reader(String password) {
    return GerritUrlReader.create(new GerritIntegrationConfig(gerrit.host(), gerrit.baseUrl(),
        gerrit.baseUrl(), gerrit.gitilesBaseUrl(), "robot",
        password == null ? null : Secret.of(password)), ReadLimits.DEFAULTS, null);
  }

  byte[] file(String path) throws IOException {
    return Files.readAllBytes(fixture.resolve(path));
  }

  @Test
  void readsAFileThroughTheAuthenticatedRestApiInBase64() throws IOException {
    GerritUrlReader reader = reader(PASSWORD);
    UrlReader.ReadResponse r = reader.read(
        gerrit.gitilesUrl("+/refs/heads/main/components/searcher/catalog-info.yaml"), null, Long.MAX_VALUE);
    assertThat(r.content()).isEqualTo(file("components/searcher/catalog-info.yaml"));
    assertThat(gerrit.requests()).containsExactly(
        "/a/projects/platform%2Fcatalog/branches/main/files/components%2Fsearcher%2Fcatalog-info.yaml/content");
    // a commit sha reads from that commit
    assertThat(reader.read(gerrit.gitilesUrl("+/" + gerrit.repo().commitSha() + "/acme/team-a-group.yaml"),
        null, Long.MAX_VALUE).content()).isEqualTo(file("acme/team-a-group.yaml"));
  }

  @Test
  void readsAFolderFromGitilesArchiveWithTheBranchRevisionAsEtag() throws IOException {
    GerritUrlReader reader = reader(PASSWORD);
    String url = gerrit.gitilesUrl("+/refs/heads/main/documented-component");
    UrlReader.ReadTreeResponse tree = reader.readTree(url, null);
    assertThat(tree.etag()).isEqualTo(gerrit.repo().commitSha());
    assertThat(tree.files()).extracting(UrlReader.TreeFile::path)
        .containsExactly("catalog-info.yaml", "docs/index.md", "docs/sub-page.md", "mkdocs.yml");
    assertThat(tree.files().get(2).content()).isEqualTo(file("documented-component/docs/sub-page.md"));
    assertThat(gerrit.requests()).containsExactly(
        "/a/projects/platform%2Fcatalog/branches/main",
        "/a/plugins/gitiles/platform/catalog/+archive/refs/heads/main/documented-component.tar.gz");

    assertThat(reader.readTree(url, tree.etag()).notModified()).isTrue();
    assertThat(gerrit.requests()).hasSize(3);
  }

  @Test
  void searchesAGlobInTheBranchArchive() {
    UrlReader.SearchResponse found = reader(PASSWORD).search(
        gerrit.gitilesUrl("+/refs/heads/main/components/**/catalog-info.yaml"), null);
    assertThat(found.files()).extracting(UrlReader.FoundFile::url).containsExactly(
        gerrit.gitilesUrl("+/refs/heads/main/components/playback-order/catalog-info.yaml"),
        gerrit.gitilesUrl("+/refs/heads/main/components/searcher/catalog-info.yaml"));
    assertThat(gerrit.requests()).last().asString()
        .isEqualTo("/a/plugins/gitiles/platform/catalog/+archive/refs/heads/main/components.tar.gz");
    assertThat(reader(PASSWORD).search(
        gerrit.gitilesUrl("+/refs/heads/main/components/{searcher,none}/catalog-info.yaml"), null).files())
        .extracting(UrlReader.FoundFile::url)
        .containsExactly(gerrit.gitilesUrl("+/refs/heads/main/components/searcher/catalog-info.yaml"));
  }

  @Test
  void aRefusedPasswordNamesTheHostAndIntegrationButNeverThePassword() {
    GerritUrlReader reader = reader("gerrit-wrong-pw-0002");
    assertThatThrownBy(() -> reader.readTree(gerrit.gitilesUrl("+/refs/heads/main"), null))
        .isInstanceOf(ProcessingException.class)
        .hasMessageContaining("Gerrit integration for " + gerrit.host())
        .hasMessageContaining("401 Unauthorized")
        .hasMessageNotContaining("gerrit-wrong")
        .hasMessageNotContaining(PASSWORD);
  }

  @Test
  void urlsThatAreNotGitilesBranchesOrShasAreRefused() {
    GerritUrlReader reader = reader(PASSWORD);
    assertThatThrownBy(() -> reader.read(gerrit.gitilesUrl("+/refs/tags/v1/a.yaml"), null, 100))
        .hasMessageContaining("only refs/heads/<branch> and commit shas");
    assertThatThrownBy(() -> reader.read(gerrit.baseUrl() + "/elsewhere/x", null, 100))
        .hasMessageContaining("Invalid Gitiles URL");
    assertThatThrownBy(() -> reader.read(gerrit.gitilesUrl("+/refs/heads/main/nope.yaml"), null, 100))
        .satisfies(e -> assertThat(((ProcessingException) e).error().name()).isEqualTo("NotFoundError"));
  }

  @Test
  void scmIntegrationsRoutesByTheGitilesHost() throws IOException {
    ScmIntegrations scm = ScmIntegrations.builder()
        .config(JsonMapper.builder().build().readTree("{\"gerrit\":[{\"host\":\"gerrit.internal\","
            + "\"baseUrl\":\"" + gerrit.baseUrl() + "\",\"gitilesBaseUrl\":\"" + gerrit.gitilesBaseUrl()
            + "\",\"username\":\"robot\",\"password\":\"" + PASSWORD + "\"}]}"))
        .build();
    assertThat(scm.readerFor(gerrit.host())).get().isInstanceOf(GerritUrlReader.class);
    assertThat(scm.urlReader().read(gerrit.gitilesUrl("+/refs/heads/main/acme/team-a-group.yaml")).content())
        .isEqualTo(file("acme/team-a-group.yaml"));
  }
}
