package dev.greenroom.integrations.gitlab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.catalog.processing.ProcessingException;
import dev.greenroom.catalog.processing.location.UrlReader;
import dev.greenroom.integrations.GitlabIntegrationConfig;
import dev.greenroom.integrations.IntegrationsConfig;
import dev.greenroom.integrations.ReadLimits;
import dev.greenroom.integrations.ScmIntegrations;
import dev.greenroom.integrations.Secret;
import dev.greenroom.integrations.testing.Tar;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class GitlabUrlReaderTest {
  static final String TOKEN = "glpat-s3cr3tT0kenThatMustNeverBeShown";
  static final String PROJECT = "acme/platform/catalog";

  FakeGitlab gitlab;
  Path fixture;

  @BeforeEach
  void start() throws IOException, URISyntaxException {
    fixture = Path.of(getClass().getResource("/github-fixture/catalog").toURI());
    gitlab = new FakeGitlab("/gitlab").token(TOKEN)
        .group("acme", "ACME", "")
        .group("acme/platform", "Platform", "")
        .project(PROJECT, fixture);
  }

  @AfterEach
  void stop() {
    gitlab.close();
  }

  GitlabUrlReader reader(String token, ReadLimits limits) {
    return GitlabUrlReader.create(new GitlabIntegrationConfig(gitlab.host(), gitlab.apiBaseUrl(),
        gitlab.baseUrl(), token == null ? null : Secret.of(token)), limits, null);
  }

  GitlabUrlReader reader() {
    return reader(TOKEN, ReadLimits.DEFAULTS);
  }

  String url(String rest) {
    return gitlab.webUrl(PROJECT, rest);
  }

  byte[] file(String path) throws IOException {
    return Files.readAllBytes(fixture.resolve(path));
  }

  @Test
  void readsAFileOfASubgroupProjectOnASelfManagedHostThroughTheFilesApi() throws IOException {
    GitlabUrlReader reader = reader();
    String url = url("-/blob/main/components/searcher/catalog-info.yaml");

    UrlReader.ReadResponse first = reader.read(url, null, Long.MAX_VALUE);

    assertThat(first.content()).isEqualTo(file("components/searcher/catalog-info.yaml"));
    assertThat(first.etag()).isEqualTo("\"" + FakeGitlab.blobSha(first.content()) + "\"");
    // one request, naming the project by its path as Backstage's getGitLabFileFetchUrl does
    assertThat(gitlab.requests()).extracting(FakeGitlab.Request::path).containsExactly(
        "/gitlab/api/v4/projects/acme%2Fplatform%2Fcatalog"
            + "/repository/files/components%2Fsearcher%2Fcatalog-info.yaml/raw");
    assertThat(gitlab.requests().get(0).query()).isEqualTo("ref=main");
    assertThat(gitlab.requests()).allSatisfy(r -> {
      assertThat(r.token()).isEqualTo(TOKEN);
      assertThat(r.tokenHeader()).isEqualTo("Authorization"); // Bearer, as Backstage sends it
    });

    gitlab.clearLog();
    UrlReader.ReadResponse second = reader.read(url, first.etag(), Long.MAX_VALUE);
    assertThat(second.isNotModified()).isTrue();
    // an unchanged file costs one conditional request
    assertThat(gitlab.requests()).singleElement()
        .satisfies(r -> assertThat(r.ifNoneMatch()).isEqualTo(first.etag()));
  }

  @Test
  void aJobArtifactIsReadAsBackstageReadsIt() {
    byte[] content = "apiVersion: backstage.io/v1alpha1\nkind: Component\n".getBytes(StandardCharsets.UTF_8);
    gitlab.artifact(PROJECT, "main", "build docs", "out/catalog-info.yaml", content);
    UrlReader.ReadResponse r = reader().read(
        url("-/jobs/artifacts/main/raw/out/catalog-info.yaml?job=build%20docs"), null, Long.MAX_VALUE);
    assertThat(r.content()).isEqualTo(content);
    assertThat(gitlab.requests()).singleElement().satisfies(q -> {
      assertThat(q.path()).isEqualTo(
          "/gitlab/api/v4/projects/acme%2Fplatform%2Fcatalog/jobs/artifacts/main/raw/out/catalog-info.yaml");
      assertThat(q.query()).isEqualTo("job=build%20docs");
    });
    assertThatThrownBy(() -> reader().read(url("-/jobs/artifacts/main/raw/out/x.yaml"), null, 10))
        .hasMessageContaining("Invalid GitLab job artifact URL");
    assertThatThrownBy(() -> reader().read(url("-/jobs/artifacts/main/raw/../x.yaml?job=a"), null, 10))
        .hasMessageContaining("Invalid GitLab job artifact URL");
  }

  @Test
  void theOlderUrlFormWithoutTheDashIsRead() throws IOException {
    assertThat(reader().read(url("blob/main/acme/team-a-group.yaml"), null, Long.MAX_VALUE).content())
        .isEqualTo(file("acme/team-a-group.yaml"));
  }

  @Test
  void readTreeUnpacksTheArchiveOfOneFolderAndUsesTheFoldersLastCommitAsEtag() throws IOException {
    GitlabUrlReader reader = reader();
    String url = url("-/tree/main/documented-component");

    UrlReader.ReadTreeResponse tree = reader.readTree(url, null);

    assertThat(tree.files()).extracting(UrlReader.TreeFile::path)
        .containsExactly("catalog-info.yaml", "docs/index.md", "docs/sub-page.md", "mkdocs.yml");
    assertThat(tree.files().get(3).content()).isEqualTo(file("documented-component/mkdocs.yml"));
    assertThat(tree.etag()).isEqualTo(gitlab.commitSha(PROJECT));
    assertThat(gitlab.requests()).extracting(r -> r.path() + "?" + r.query()).contains(
        "/gitlab/api/v4/projects/acme%2Fplatform%2Fcatalog"
            + "/repository/commits?ref_name=main&path=documented-component&per_page=1",
        "/gitlab/api/v4/projects/acme%2Fplatform%2Fcatalog/repository/archive?sha="
            + gitlab.commitSha(PROJECT) + "&path=documented-component");

    // a commit elsewhere leaves this folder's ETag as it was
    gitlab.file(PROJECT, "acme/new.yaml", "x: 1\n".getBytes(StandardCharsets.UTF_8));
    assertThat(reader.readTree(url, tree.etag()).notModified()).isTrue();
    // a commit inside it does not
    gitlab.file(PROJECT, "documented-component/docs/index.md", "# changed\n".getBytes(StandardCharsets.UTF_8));
    UrlReader.ReadTreeResponse changed = reader.readTree(url, tree.etag());
    assertThat(changed.notModified()).isFalse();
    assertThat(changed.etag()).isEqualTo(gitlab.commitSha(PROJECT));
    assertThat(new String(changed.files().get(1).content(), StandardCharsets.UTF_8)).isEqualTo("# changed\n");
  }

  @Test
  void readTreeWithoutARefUsesTheDefaultBranch() {
    gitlab.branch(PROJECT, "trunk");
    UrlReader.ReadTreeResponse tree = reader().readTree(url(""), null);
    assertThat(tree.files()).extracting(UrlReader.TreeFile::path).contains("acme/team-a-group.yaml");
    assertThat(gitlab.requests()).extracting(FakeGitlab.Request::query).anyMatch(q -> q.contains("ref_name=trunk"));
  }

  @Test
  void searchesAGlobThroughTheRecursiveTreePageByPage() throws IOException {
    for (int i = 0; i < 120; i++) {
      gitlab.file(PROJECT, "filler/f" + i + ".txt", new byte[] {'x'});
    }
    GitlabUrlReader reader = reader();
    String glob = url("-/blob/main/**/catalog-info.yaml");

    UrlReader.SearchResponse found = reader.search(glob, null);

    assertThat(found.files()).extracting(UrlReader.FoundFile::url).containsExactly(
        url("-/blob/main/components/playback-order/catalog-info.yaml"),
        url("-/blob/main/components/searcher/catalog-info.yaml"),
        url("-/blob/main/documented-component/catalog-info.yaml"));
    assertThat(found.files().get(1).content()).isEqualTo(file("components/searcher/catalog-info.yaml"));
    assertThat(found.etag()).isEqualTo(gitlab.commitSha(PROJECT));
    assertThat(gitlab.requests()).extracting(FakeGitlab.Request::query)
        .filteredOn(q -> q.startsWith("recursive=true"))
        .containsExactly(
            "recursive=true&ref=" + gitlab.commitSha(PROJECT) + "&per_page=100&page=1",
            "recursive=true&ref=" + gitlab.commitSha(PROJECT) + "&per_page=100&page=2");

    gitlab.clearLog();
    assertThat(reader.search(glob, found.etag()).notModified()).isTrue();
    assertThat(gitlab.requests()).hasSize(1); // one commit check
  }

  @Test
  void aGlobBelowAFolderListsOnlyThatFolder() {
    UrlReader.SearchResponse found = reader().search(url("-/blob/main/components/*/catalog-info.yaml"), null);
    assertThat(found.files()).hasSize(2);
    assertThat(gitlab.requests()).extracting(FakeGitlab.Request::query)
        .anyMatch(q -> q.contains("path=components&"));
  }

  @Test
  void searchesStopAtTheMatchLimitAndTreesAtTheFileLimit() {
    GitlabUrlReader reader = reader(TOKEN, new ReadLimits(Duration.ofSeconds(30), 1 << 20, 2, 1 << 20));
    assertThatThrownBy(() -> reader.search(url("-/blob/main/**/catalog-info.yaml"), null))
        .hasMessageContaining("matches more than 2 files");
    assertThatThrownBy(() -> reader.readTree(url("-/tree/main/documented-component"), null))
        .hasMessageContaining("has more than 2 files");
  }

  @Test
  void aHugeTreeListingIsRefused() {
    for (int i = 0; i < 40; i++) {
      gitlab.file(PROJECT, "many/f" + i + ".txt", new byte[] {'x'});
    }
    GitlabUrlReader reader = reader(TOKEN, new ReadLimits(Duration.ofSeconds(30), 1 << 20, 3, 1 << 20));
    assertThatThrownBy(() -> reader.search(url("-/blob/main/many/*.yaml"), null))
        .hasMessageContaining("lists more than 30 tree entries below 'many'");
  }

  @Test
  void anArchiveBombIsRefusedAtTheByteLimit() {
    String top = "catalog-" + gitlab.commitSha(PROJECT) + "-docs/";
    Tar bomb = new Tar().entry(top, '5', new byte[0]);
    for (int i = 0; i < 20; i++) {
      bomb.entry(top + "docs/zeros" + i + ".bin", '0', new byte[1 << 20]);
    }
    gitlab.file(PROJECT, "docs/a.md", new byte[] {'a'});
    gitlab.archive(bomb.finish());
    GitlabUrlReader reader = reader(TOKEN, new ReadLimits(Duration.ofSeconds(30), 1 << 20, 1000, 4L << 20));
    assertThatThrownBy(() -> reader.readTree(url("-/tree/main/docs"), null))
        .hasMessageContaining("larger than the limit of " + (4L << 20) + " bytes uncompressed");
  }

  @Test
  void archiveEntriesThatLeaveTheTreeAreRefused() {
    String top = "catalog-x/";
    gitlab.file(PROJECT, "docs/a.md", new byte[] {'a'});
    gitlab.archive(new Tar().entry(top, '5', new byte[0])
        .entry(top + "docs/../../../evil.txt", '0', "x".getBytes(StandardCharsets.UTF_8)).finish());
    assertThatThrownBy(() -> reader().readTree(url("-/tree/main/docs"), null))
        .hasMessageContaining("leaves the tree");
  }

  @Test
  void aRefusedTokenNamesTheHostAndTheIntegrationButNeverTheToken() {
    String wrong = "glpat-wrongTokenThatMustNeverBeShown02";
    GitlabUrlReader reader = reader(wrong, ReadLimits.DEFAULTS);
    assertThatThrownBy(() -> reader.read(url("-/blob/main/acme/team-a-group.yaml"), null, Long.MAX_VALUE))
        .isInstanceOf(ProcessingException.class)
        .hasMessageContaining("401")
        .hasMessageContaining("GitLab integration for " + gitlab.host())
        .hasMessageContaining("check its token")
        .satisfies(e -> assertThat(stackText(e)).doesNotContain(wrong));
    assertThatThrownBy(() -> reader.search(url("-/blob/main/**/catalog-info.yaml"), null))
        .satisfies(e -> assertThat(stackText(e)).doesNotContain(wrong));
    assertThat(reader.toString()).doesNotContain(wrong);
    assertThat(reader.api().toString()).doesNotContain(wrong);
  }

  @Test
  void aPrivateProjectWithoutATokenIsNotFound() {
    assertThatThrownBy(() -> reader(null, ReadLimits.DEFAULTS)
        .read(url("-/blob/main/acme/team-a-group.yaml"), null, Long.MAX_VALUE))
        .satisfies(e -> assertThat(((ProcessingException) e).error().name()).isEqualTo("NotFoundError"));
  }

  @Test
  void aMissingFileIsNotFoundAndNamesTheUrl() {
    assertThatThrownBy(() -> reader().read(url("-/blob/main/nope.yaml"), null, Long.MAX_VALUE))
        .hasMessageContaining(url("-/blob/main/nope.yaml"))
        .satisfies(e -> assertThat(((ProcessingException) e).error().name()).isEqualTo("NotFoundError"));
  }

  @Test
  void rateLimitsAndServerErrorsNameTheHost() {
    gitlab.failWith(429);
    assertThatThrownBy(() -> reader().search(url("-/blob/main/**/catalog-info.yaml"), null))
        .hasMessageContaining("429").hasMessageContaining("rate limit exceeded")
        .hasMessageContaining("retry after 30 s").hasMessageContaining(gitlab.host());
    gitlab.failWith(0).rateLimited(true);
    assertThatThrownBy(() -> reader().read(url("-/blob/main/acme/team-a-group.yaml"), null, 100))
        .hasMessageContaining("403").hasMessageContaining("rate limit exceeded");
    gitlab.rateLimited(false).failWith(500);
    assertThatThrownBy(() -> reader().readTree(url("-/tree/main/docs"), null))
        .hasMessageContaining("500").hasMessageContaining(gitlab.host() + "/gitlab/api/v4/projects/")
        .satisfies(e -> assertThat(stackText(e)).doesNotContain(TOKEN));
  }

  @Test
  void filesLargerThanTheLimitAreRefused() {
    assertThatThrownBy(() -> reader().read(url("-/blob/main/acme/team-a-group.yaml"), null, 10))
        .hasMessageContaining("larger than the limit of 10 bytes");
  }

  @Test
  void urlsOutsideTheBaseUrlOrWithoutAProjectAreRefused() {
    assertThatThrownBy(() -> reader().read("http://" + gitlab.host() + "/acme/platform/catalog/-/blob/main/x.yaml", null, 10))
        .hasMessageContaining("Invalid GitLab URL");
    assertThatThrownBy(() -> reader().read(gitlab.baseUrl() + "/acme/-/blob/main/x.yaml", null, 10))
        .hasMessageContaining("Invalid GitLab URL");
    assertThatThrownBy(() -> reader().read(url("-/blob/main/../../etc/passwd"), null, 10))
        .hasMessageContaining("Invalid GitLab URL");
    assertThatThrownBy(() -> reader().readTree(url("-/tree/main/docs%2F..%2F..%2Fx"), null))
        .hasMessageContaining("Invalid GitLab URL");
  }

  @Test
  void scmIntegrationsRoutesTheGitlabHostToThisReader() throws IOException {
    ScmIntegrations scm = ScmIntegrations.builder()
        .config(IntegrationsConfig.parse(JsonMapper.builder().build().readTree(
            "{\"gitlab\":[{\"host\":\"" + gitlab.host() + "\",\"apiBaseUrl\":\"" + gitlab.apiBaseUrl()
                + "\",\"baseUrl\":\"" + gitlab.baseUrl() + "\",\"token\":\"" + TOKEN + "\"}]}")))
        .build();
    assertThat(scm.readableHosts()).contains(gitlab.host(), "gitlab.com");
    assertThat(scm.urlReader().read(url("-/blob/main/acme/team-a-group.yaml")).content())
        .isEqualTo(file("acme/team-a-group.yaml"));
    assertThat(scm.gitlabApi(gitlab.host())).isPresent();
  }

  static String stackText(Throwable t) {
    StringBuilder sb = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      sb.append(c).append('\n');
    }
    return sb.toString();
  }
}
