package dev.greenroom.integrations.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.catalog.processing.ProcessingException;
import dev.greenroom.catalog.processing.location.UrlReader;
import dev.greenroom.integrations.GithubIntegrationConfig;
import dev.greenroom.integrations.ReadLimits;
import dev.greenroom.integrations.testing.Tar;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GithubUrlReaderTest {
  static final String TOKEN = "ghp_s3cr3tT0kenThatMustNeverBeShown0001";

  FakeGithub github;
  Path fixture;

  @BeforeEach
  void start() throws IOException, URISyntaxException {
    fixture = Path.of(getClass().getResource("/github-fixture/catalog").toURI());
    github = new FakeGithub(fixture).token(TOKEN);
  }

  @AfterEach
  void stop() {
    github.close();
  }

  GithubUrlReader reader(String token, ReadLimits limits) {
    return GithubUrlReader.create(
        new GithubIntegrationConfig(github.host(), github.apiBaseUrl(), null,
            token == null ? null : dev.greenroom.integrations.Secret.of(token), List.of()),
        limits, Clock.systemUTC(), null);
  }

  GithubUrlReader reader() {
    return reader(TOKEN, ReadLimits.DEFAULTS);
  }

  byte[] file(String path) throws IOException {
    return Files.readAllBytes(fixture.resolve(path));
  }

  @Test
  void readsOneFileThroughTheContentsApiAndAnswersNotModifiedForItsEtag() throws IOException {
    GithubUrlReader reader = reader();
    String url = github.webUrl("blob/main/components/searcher/catalog-info.yaml");

    UrlReader.ReadResponse first = reader.read(url, null, Long.MAX_VALUE);
    assertThat(first.isNotModified()).isFalse();
    assertThat(first.content()).isEqualTo(file("components/searcher/catalog-info.yaml"));
    assertThat(first.etag()).isEqualTo("\"" + FakeGithub.blobSha(first.content()) + "\"");
    FakeGithub.Request asked = github.requests().get(0);
    assertThat(asked.path()).isEqualTo("/api/v3/repos/acme/catalog/contents/components/searcher/catalog-info.yaml");
    assertThat(asked.query()).isEqualTo("ref=main");
    assertThat(asked.accept()).isEqualTo("application/vnd.github.v3.raw");
    assertThat(asked.authorization()).isEqualTo("Bearer " + TOKEN);

    UrlReader.ReadResponse second = reader.read(url, first.etag(), Long.MAX_VALUE);
    assertThat(second.isNotModified()).isTrue();
    assertThat(second.etag()).isEqualTo(first.etag());
    assertThat(github.requests().get(1).ifNoneMatch()).isEqualTo(first.etag());
  }

  @Test
  void searchesAGlobThroughTheRecursiveTreeAndBlobs() throws IOException {
    GithubUrlReader reader = reader();
    String glob = github.webUrl("blob/main/**/catalog-info.yaml");

    UrlReader.SearchResponse found = reader.search(glob, null);

    assertThat(found.files()).extracting(UrlReader.FoundFile::url).containsExactly(
        github.webUrl("blob/main/components/playback-order/catalog-info.yaml"),
        github.webUrl("blob/main/components/searcher/catalog-info.yaml"),
        github.webUrl("blob/main/documented-component/catalog-info.yaml"));
    assertThat(found.files().get(1).content()).isEqualTo(file("components/searcher/catalog-info.yaml"));
    assertThat(found.etag()).isEqualTo(github.commitSha());
    assertThat(github.requests()).extracting(FakeGithub.Request::path).contains(
        "/api/v3/repos/acme/catalog/commits/main/status",
        "/api/v3/repos/acme/catalog/git/trees/" + github.commitSha());
    assertThat(github.requests()).allSatisfy(r -> assertThat(r.authorization()).isEqualTo("Bearer " + TOKEN));

    github.clearLog();
    assertThat(reader.search(glob, found.etag()).notModified()).isTrue();
    // an unchanged repository costs one sha check
    assertThat(github.requests()).hasSize(1);
  }

  @Test
  void searchForAPlainFileReadsIt() throws IOException {
    UrlReader.SearchResponse found =
        reader().search(github.webUrl("blob/main/acme/team-a-group.yaml"), null);
    assertThat(found.files()).singleElement().satisfies(f ->
        assertThat(f.content()).isEqualTo(file("acme/team-a-group.yaml")));
  }

  @Test
  void readTreeUnpacksOneFolderOfTheTarballWithoutSendingTheTokenToAnotherHost() throws IOException {
    github.symlink("documented-component/docs/escape.md", "../../../../etc/passwd");
    GithubUrlReader reader = reader();
    String url = github.webUrl("tree/main/documented-component");

    UrlReader.ReadTreeResponse tree = reader.readTree(url, null);

    assertThat(tree.files()).extracting(UrlReader.TreeFile::path)
        .containsExactly("catalog-info.yaml", "docs/index.md", "docs/sub-page.md", "mkdocs.yml");
    assertThat(tree.files().get(3).content()).isEqualTo(file("documented-component/mkdocs.yml"));
    assertThat(tree.etag()).isEqualTo(github.commitSha());
    assertThat(github.requests()).extracting(FakeGithub.Request::path)
        .contains("/api/v3/repos/acme/catalog/tarball/" + github.commitSha());
    // the tarball redirects to another origin, which never sees the token
    assertThat(github.codeloadAuthorizations()).containsExactly("null");

    assertThat(reader.readTree(url, tree.etag()).notModified()).isTrue();
  }

  @Test
  void readTreeOfAMissingFolderIsNotFound() {
    assertThatThrownBy(() -> reader().readTree(github.webUrl("tree/main/nothing-here"), null))
        .isInstanceOf(ProcessingException.class)
        .hasMessageContaining("nothing-here")
        .satisfies(e -> assertThat(((ProcessingException) e).error().name()).isEqualTo("NotFoundError"));
  }

  @Test
  void archiveEntriesThatLeaveTheTreeAreRefused() {
    String top = "acme-catalog-" + github.commitSha().substring(0, 7) + "/";
    github.tarball(new Tar()
        .entry(top, '5', new byte[0], "")
        .entry(top + "docs/../../../evil.txt", '0', "x".getBytes(StandardCharsets.UTF_8), "")
        .finish());
    assertThatThrownBy(() -> reader().readTree(github.webUrl("tree/main/docs"), null))
        .isInstanceOf(ProcessingException.class)
        .hasMessageContaining("leaves the tree");
  }

  @Test
  void treesAndSearchesStopAtTheFileLimit() {
    GithubUrlReader reader = reader(TOKEN, new ReadLimits(Duration.ofSeconds(30), 1 << 20, 2, 1 << 20));
    assertThatThrownBy(() -> reader.search(github.webUrl("blob/main/**/catalog-info.yaml"), null))
        .hasMessageContaining("matches more than 2 files");
    assertThatThrownBy(() -> reader.readTree(github.webUrl("tree/main/documented-component"), null))
        .hasMessageContaining("has more than 2 files");
  }

  @Test
  void anArchiveBombIsRefusedAtTheByteLimit() {
    String top = "acme-catalog-" + github.commitSha().substring(0, 7) + "/";
    Tar bomb = new Tar().entry(top, '5', new byte[0], "");
    for (int i = 0; i < 20; i++) {
      bomb.entry(top + "docs/zeros" + i + ".bin", '0', new byte[1 << 20], "");
    }
    github.tarball(bomb.finish());
    GithubUrlReader reader =
        reader(TOKEN, new ReadLimits(Duration.ofSeconds(30), 1 << 20, 1000, 4L << 20));
    assertThatThrownBy(() -> reader.readTree(github.webUrl("tree/main/docs"), null))
        .hasMessageContaining("larger than the limit of " + (4L << 20) + " bytes uncompressed");
  }

  @Test
  void aTokenNeverAppearsInErrors() {
    String wrong = "ghp_wrongTokenThatMustNeverBeShown000002";
    GithubUrlReader reader = reader(wrong, ReadLimits.DEFAULTS);
    String url = github.webUrl("blob/main/components/searcher/catalog-info.yaml");
    assertThatThrownBy(() -> reader.read(url, null, Long.MAX_VALUE))
        .isInstanceOf(ProcessingException.class)
        .hasMessageContaining("401")
        .hasMessageContaining("GitHub integration for " + github.host())
        .hasMessageContaining("components/searcher/catalog-info.yaml")
        .satisfies(e -> assertThat(stackText(e)).doesNotContain(wrong));
    assertThatThrownBy(() -> reader.search(github.webUrl("blob/main/**/catalog-info.yaml"), null))
        .satisfies(e -> assertThat(stackText(e)).doesNotContain(wrong));
    assertThat(reader.toString()).doesNotContain(wrong);
    assertThat(new GithubIntegrationConfig(github.host(), github.apiBaseUrl(), null,
        dev.greenroom.integrations.Secret.of(wrong), List.of()).toString()).doesNotContain(wrong);
  }

  @Test
  void aPrivateRepositoryWithoutATokenIsNotFound() {
    assertThatThrownBy(() -> reader(null, ReadLimits.DEFAULTS)
        .read(github.webUrl("blob/main/acme/team-a-group.yaml"), null, Long.MAX_VALUE))
        .satisfies(e -> assertThat(((ProcessingException) e).error().name()).isEqualTo("NotFoundError"));
  }

  @Test
  void withoutCredentialsTheRawBaseUrlIsRead() throws IOException {
    github.publicRepo();
    GithubUrlReader reader = GithubUrlReader.create(
        new GithubIntegrationConfig(github.host(), github.apiBaseUrl(), "http://" + github.host() + "/raw",
            null, List.of()), ReadLimits.DEFAULTS, Clock.systemUTC(), null);
    byte[] content = reader.read(github.webUrl("blob/main/acme/team-a-group.yaml"), null, Long.MAX_VALUE).content();
    assertThat(content).isEqualTo(file("acme/team-a-group.yaml"));
    assertThat(github.requests()).singleElement().satisfies(r -> {
      assertThat(r.path()).isEqualTo("/raw/acme/catalog/main/acme/team-a-group.yaml");
      assertThat(r.authorization()).isEmpty();
    });
  }

  @Test
  void rateLimitsAreNamed() {
    github.rateLimited(true);
    assertThatThrownBy(() -> reader().read(github.webUrl("blob/main/acme/team-a-group.yaml"), null, 100))
        .hasMessageContaining("403").hasMessageContaining("rate limit exceeded");
  }

  @Test
  void tooManyRequestsAndServerErrorsNameTheHostAndPath() {
    String url = github.webUrl("blob/main/**/catalog-info.yaml");
    github.failWith(429);
    assertThatThrownBy(() -> reader().search(url, null))
        .hasMessageContaining("429").hasMessageContaining("rate limit exceeded")
        .hasMessageContaining("retry after 30 s").hasMessageContaining(github.host())
        .satisfies(e -> assertThat(stackText(e)).doesNotContain(TOKEN));
    github.failWith(500);
    assertThatThrownBy(() -> reader().readTree(github.webUrl("tree/main/docs"), null))
        .hasMessageContaining("500").hasMessageContaining(github.host() + "/api/v3/repos/acme/catalog")
        .satisfies(e -> assertThat(stackText(e)).doesNotContain(TOKEN));
  }

  @Test
  void filesLargerThanTheLimitAreRefused() {
    assertThatThrownBy(() -> reader().read(github.webUrl("blob/main/acme/team-a-group.yaml"), null, 10))
        .hasMessageContaining("larger than the limit of 10 bytes");
  }

  static String stackText(Throwable t) {
    StringBuilder sb = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      sb.append(c).append('\n');
    }
    return sb.toString();
  }
}
