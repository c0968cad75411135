package dev.greenroom.integrations.gitea;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.catalog.processing.ProcessingException;
import dev.greenroom.catalog.processing.location.UrlReader;
import dev.greenroom.integrations.GiteaIntegrationConfig;
import dev.greenroom.integrations.ReadLimits;
import dev.greenroom.integrations.ScmIntegrations;
import dev.greenroom.integrations.Secret;
import dev.greenroom.integrations.testing.Tar;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class GiteaUrlReaderTest {
  static final String TOKEN = "gitea-t0ken-never-shown-0001";

  FakeGitea gitea;
  Path fixture;

  @BeforeEach
  void start() throws IOException, URISyntaxException {
    fixture = Path.of(getClass().getResource("/github-fixture/catalog").toURI());
    gitea = new FakeGitea(fixture).credentials(null, TOKEN);
  }

  @AfterEach
  void stop() {
    gitea.close();
  }

  GiteaUrlReader reader(String user, String password, ReadLimits limits) {
    return GiteaUrlReader.create(new GiteaIntegrationConfig(gitea.host(), gitea.baseUrl(), user,
        password == null ? null : Secret.of(password)), limits, null);
  }

  byte[] file(String path) throws IOException {
    return Files.readAllBytes(fixture.resolve(path));
  }

  @Test
  void readsAFileFromTheContentsApiWithAToken() throws IOException {
    GiteaUrlReader reader = reader(null, TOKEN, ReadLimits.DEFAULTS);
    String url = gitea.webUrl("src/branch/main/components/searcher/catalog-info.yaml");
    UrlReader.ReadResponse r = reader.read(url, null, Long.MAX_VALUE);
    assertThat(r.content()).isEqualTo(file("components/searcher/catalog-info.yaml"));
    FakeGitea.Request asked = gitea.requests().get(0);
    assertThat(asked.path()).isEqualTo("/api/v1/repos/acme/catalog/contents/components/searcher/catalog-info.yaml");
    assertThat(asked.query()).isEqualTo("ref=main");
    assertThat(asked.authorization()).isEqualTo("token " + TOKEN);
    assertThat(reader.read(url, r.etag(), Long.MAX_VALUE).isNotModified()).isTrue();
  }

  @Test
  void usernameAndPasswordGoAsBasicAuth() throws IOException {
    gitea.credentials("robot", TOKEN);
    GiteaUrlReader reader = reader("robot", TOKEN, ReadLimits.DEFAULTS);
    assertThat(reader.read(gitea.webUrl("src/branch/main/acme/team-a-group.yaml"), null, 1 << 20).content())
        .isEqualTo(file("acme/team-a-group.yaml"));
    assertThat(gitea.requests().get(0).authorization()).startsWith("Basic ");
  }

  @Test
  void readsAFolderFromTheArchiveWithTheCommitAsEtag() throws IOException {
    GiteaUrlReader reader = reader(null, TOKEN, ReadLimits.DEFAULTS);
    String url = gitea.webUrl("src/branch/main/documented-component");
    UrlReader.ReadTreeResponse tree = reader.readTree(url, null);
    assertThat(tree.etag()).isEqualTo(gitea.repo().commitSha());
    assertThat(tree.files()).extracting(UrlReader.TreeFile::path)
        .containsExactly("catalog-info.yaml", "docs/index.md", "docs/sub-page.md", "mkdocs.yml");
    assertThat(tree.files().get(3).content()).isEqualTo(file("documented-component/mkdocs.yml"));
    assertThat(gitea.requests()).extracting(FakeGitea.Request::path).containsExactly(
        "/api/v1/repos/acme/catalog/git/commits/main", "/api/v1/repos/acme/catalog/archive/main.tar.gz");

    assertThat(reader.readTree(url, tree.etag()).notModified()).isTrue();
    assertThat(gitea.requests()).hasSize(3);
  }

  @Test
  void searchesAGlobInTheArchive() {
    GiteaUrlReader reader = reader(null, TOKEN, ReadLimits.DEFAULTS);
    UrlReader.SearchResponse found = reader.search(gitea.webUrl("src/branch/main/**/catalog-info.yaml"), null);
    assertThat(found.files()).extracting(UrlReader.FoundFile::url).containsExactly(
        gitea.webUrl("src/branch/main/components/playback-order/catalog-info.yaml"),
        gitea.webUrl("src/branch/main/components/searcher/catalog-info.yaml"),
        gitea.webUrl("src/branch/main/documented-component/catalog-info.yaml"));
  }

  @Test
  void aRefusedTokenNamesTheHostAndIntegrationButNeverTheToken() {
    GiteaUrlReader reader = reader(null, "gitea-wrong-0002", ReadLimits.DEFAULTS);
    assertThatThrownBy(() -> reader.readTree(gitea.webUrl("src/branch/main"), null))
        .isInstanceOf(ProcessingException.class)
        .hasMessageContaining("Gitea integration for " + gitea.host())
        .hasMessageContaining("401 Unauthorized")
        .hasMessageContaining("credentials")
        .hasMessageNotContaining("gitea-wrong")
        .hasMessageNotContaining(TOKEN);
  }

  @Test
  void badUrlsAndFoldersReadAsFilesAreRefusedWithTheirUrl() {
    GiteaUrlReader reader = reader(null, TOKEN, ReadLimits.DEFAULTS);
    assertThatThrownBy(() -> reader.read(gitea.webUrl("blob/main/x.yaml"), null, 100))
        .hasMessageContaining("Invalid Gitea URL " + gitea.webUrl("blob/main/x.yaml"));
    assertThatThrownBy(() -> reader.read(gitea.webUrl("src/branch/main/components"), null, 100))
        .hasMessageContaining("names a folder");
    assertThatThrownBy(() -> reader.read(gitea.webUrl("src/branch/main/../../etc/passwd"), null, 100))
        .hasMessageContaining("Invalid Gitea URL");
  }

  @Test
  void anArchiveOverTheLimitIsRefused() {
    Tar tar = new Tar();
    tar.entry("catalog/", '5', new byte[0]);
    tar.entry("catalog/big.bin", '0', new byte[3_000_000]);
    gitea.archive(tar.finish());
    GiteaUrlReader reader = reader(null, TOKEN, new ReadLimits(Duration.ofSeconds(10), 1_000_000, 100, 1_000_000));
    assertThatThrownBy(() -> reader.readTree(gitea.webUrl("src/branch/main"), null))
        .hasMessageContaining("larger than the limit of 1000000 bytes uncompressed");
  }

  @Test
  void scmIntegrationsRoutesTheGiteaHostToItsReader() throws IOException {
    ScmIntegrations scm = ScmIntegrations.builder()
        .config(JsonMapper.builder().build().readTree("{\"gitea\":[{\"host\":\"" + gitea.host()
            + "\",\"baseUrl\":\"" + gitea.baseUrl() + "\",\"password\":\"" + TOKEN + "\"}]}"))
        .build();
    assertThat(scm.readerFor(gitea.host())).get().isInstanceOf(GiteaUrlReader.class);
    assertThat(scm.urlReader().readTree(gitea.webUrl("src/branch/main/components"), null).files())
        .hasSize(2);
  }
}
