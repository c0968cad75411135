package dev.greenroom.integrations.bitbucket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.catalog.processing.ProcessingException;
import dev.greenroom.catalog.processing.location.UrlReader;
import dev.greenroom.catalog.processing.location.UrlReader.FoundFile;
import dev.greenroom.catalog.processing.location.UrlReader.TreeFile;
import dev.greenroom.integrations.BitbucketCloudIntegrationConfig;
import dev.greenroom.integrations.IntegrationsConfig;
import dev.greenroom.integrations.ReadLimits;
import dev.greenroom.integrations.ScmIntegrations;
import dev.greenroom.integrations.Secret;
import dev.greenroom.integrations.testing.FakeRepo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link BitbucketCloudUrlReader} against {@link FakeBitbucketCloud}. */
class BitbucketCloudUrlReaderTest {
  static final String USER = "greenroom-bot";
  static final String APP_PASSWORD = "ATBBcloudAppPassw0rdNeverShown";
  static final String TOKEN = "ATCTTcloudBearerT0kenNeverShown";

  FakeBitbucketCloud cloud;
  FakeRepo repo;

  static Path fixture() throws Exception {
    return Path.of(BitbucketCloudUrlReaderTest.class.getResource("/github-fixture/catalog").toURI());
  }

  @BeforeEach
  void start() throws Exception {
    cloud = new FakeBitbucketCloud("acme");
    cloud.basic(USER, APP_PASSWORD).bearer(TOKEN);
    repo = cloud.repo("CAT", "catalog", fixture(), "main");
  }

  @AfterEach
  void stop() {
    cloud.close();
  }

  BitbucketCloudIntegrationConfig config(String user, Secret appPassword, Secret token) {
    return new BitbucketCloudIntegrationConfig(cloud.host(), cloud.apiBaseUrl(), user, appPassword,
        token);
  }

  BitbucketCloudUrlReader reader() {
    return reader(ReadLimits.DEFAULTS);
  }

  BitbucketCloudUrlReader reader(ReadLimits limits) {
    return BitbucketCloudUrlReader.create(config(USER, Secret.of(APP_PASSWORD), null), limits, null);
  }

  @Test
  void readsAFileThroughTheSrcApiWithBasicAuthAndAnswersNotModifiedForItsEtag() {
    String url = cloud.webUrl("catalog", "src/main/components/searcher/catalog-info.yaml");
    UrlReader.ReadResponse r = reader().read(url, null, Long.MAX_VALUE);

    assertThat(new String(r.content(), StandardCharsets.UTF_8)).contains("name: searcher");
    assertThat(r.etag()).isNotNull();
    FakeHost.Request req = cloud.requests().get(0);
    assertThat(req.path()).isEqualTo("/2.0/repositories/acme/catalog/src/main/components/searcher/catalog-info.yaml");
    assertThat(req.authorization()).startsWith("Basic ");

    UrlReader.ReadResponse again = reader().read(url, r.etag(), Long.MAX_VALUE);
    assertThat(again.isNotModified()).isTrue();
    assertThat(cloud.requests().get(1).ifNoneMatch()).isEqualTo(r.etag());
  }

  @Test
  void aTokenWithoutAUsernameIsSentAsBearer() {
    var reader = BitbucketCloudUrlReader.create(config(null, null, Secret.of(TOKEN)), ReadLimits.DEFAULTS, null);
    reader.read(cloud.webUrl("catalog", "raw/main/acme/team-a-group.yaml"), null, Long.MAX_VALUE);
    assertThat(cloud.requests().get(0).authorization()).isEqualTo("Bearer " + TOKEN);
  }

  @Test
  void readsATreeFromTheArchiveOfTheBranchesNewestCommitAndSkipsItWhenTheCommitIsUnchanged() {
    String url = cloud.webUrl("catalog", "src/main/documented-component");
    UrlReader.ReadTreeResponse tree = reader().readTree(url, null);

    assertThat(tree.files()).extracting(TreeFile::path)
        .containsExactly("catalog-info.yaml", "docs/index.md", "docs/sub-page.md", "mkdocs.yml");
    assertThat(tree.etag()).isEqualTo(repo.commitSha().substring(0, 12));
    assertThat(cloud.requests()).extracting(FakeHost.Request::path).containsExactly(
        "/2.0/repositories/acme/catalog/commits/main",
        "/acme/catalog/get/" + repo.commitSha() + ".tar.gz");

    cloud.clearLog();
    assertThat(reader().readTree(url, tree.etag()).notModified()).isTrue();
    assertThat(cloud.requests()).hasSize(1);

    repo.put("documented-component/docs/new.md", "# New\n");
    UrlReader.ReadTreeResponse changed = reader().readTree(url, tree.etag());
    assertThat(changed.notModified()).isFalse();
    assertThat(changed.files()).extracting(TreeFile::path).contains("docs/new.md");
  }

  @Test
  void aTreeWithoutARefUsesTheRepositorysMainBranch() {
    UrlReader.ReadTreeResponse tree = reader().readTree(cloud.webUrl("catalog", ""), null);
    assertThat(tree.files()).hasSize(7);
    assertThat(cloud.requests().get(0).path()).isEqualTo("/2.0/repositories/acme/catalog");
  }

  @Test
  void aGlobSearchMatchesTheArchiveAndNamesEachFileBySrcUrl() {
    String glob = cloud.webUrl("catalog", "src/main/**/catalog-info.yaml");
    UrlReader.SearchResponse found = reader().search(glob, null);

    assertThat(found.files()).extracting(FoundFile::url).containsExactly(
        cloud.webUrl("catalog", "src/main/components/playback-order/catalog-info.yaml"),
        cloud.webUrl("catalog", "src/main/components/searcher/catalog-info.yaml"),
        cloud.webUrl("catalog", "src/main/documented-component/catalog-info.yaml"));
    assertThat(reader().search(glob, found.etag()).notModified()).isTrue();
  }

  @Test
  void aMissingFileIsNotFound() {
    assertThatThrownBy(() -> reader().read(cloud.webUrl("catalog", "src/main/nope.yaml"), null, 100))
        .isInstanceOfSatisfying(ProcessingException.class,
            e -> assertThat(e.error().name()).isEqualTo("NotFoundError"));
  }

  @Test
  void refusedCredentialsNameTheIntegrationAndHostButNeverTheSecret() {
    var wrong = BitbucketCloudUrlReader.create(config(USER, Secret.of("wrong-" + APP_PASSWORD), null),
        ReadLimits.DEFAULTS, null);
    assertThatThrownBy(() -> wrong.read(cloud.webUrl("catalog", "src/main/acme/team-a-group.yaml"), null, 100))
        .isInstanceOf(ProcessingException.class)
        .hasMessageContaining("401")
        .hasMessageContaining("Bitbucket Cloud integration for " + cloud.host())
        .hasMessageNotContaining(APP_PASSWORD)
        .hasMessageNotContaining(USER + ":");
    assertThat(wrong.toString()).doesNotContain(APP_PASSWORD);
  }

  @Test
  void serverErrorsRateLimitsAndTimeoutsAreErrorsNamingTheUrl() {
    String url = cloud.webUrl("catalog", "src/main/acme/team-a-group.yaml");
    cloud.failWith(500);
    assertThatThrownBy(() -> reader().read(url, null, 100))
        .hasMessageContaining("500 Internal Server Error").hasMessageContaining("/2.0/repositories/acme/catalog/src/main/");
    cloud.failWith(429);
    assertThatThrownBy(() -> reader().readTree(cloud.webUrl("catalog", "src/main"), null))
        .hasMessageContaining("rate limit exceeded").hasMessageContaining("retry after 30 s");
    cloud.failWith(0).delay(1500);
    var impatient = reader(new ReadLimits(Duration.ofMillis(300), 1 << 20, 100, 1 << 20));
    assertThatThrownBy(() -> impatient.read(url, null, 100)).hasMessageContaining("timed out");
  }

  @Test
  void treesAndGlobsAreRefusedBeyondTheLimits() {
    String glob = cloud.webUrl("catalog", "src/main/**/*.yaml");
    assertThatThrownBy(() -> reader(new ReadLimits(Duration.ofSeconds(10), 1 << 20, 3, 1 << 20))
        .search(glob, null))
        .hasMessageContaining("more than 3 files");
    assertThatThrownBy(() -> reader(new ReadLimits(Duration.ofSeconds(10), 1 << 20, 100, 2048))
        .readTree(cloud.webUrl("catalog", "src/main"), null))
        .hasMessageContaining("larger than the limit of 2048 bytes");
    assertThatThrownBy(() -> reader(new ReadLimits(Duration.ofSeconds(10), 10, 100, 1 << 20))
        .read(cloud.webUrl("catalog", "src/main/acme/team-a-group.yaml"), null, Long.MAX_VALUE))
        .hasMessageContaining("larger than the limit of 10 bytes");
  }

  @Test
  void urlsThatAreNotRepositoryFilesAreRefusedAsInput() {
    assertThatThrownBy(() -> reader().read(cloud.webUrl("catalog", ""), null, 100))
        .hasMessageContaining("Invalid Bitbucket Cloud file URL");
    assertThatThrownBy(() -> reader().read(cloud.webUrl("catalog", "src/main/../../x"), null, 100))
        .hasMessageContaining("Invalid Bitbucket Cloud URL");
    assertThatThrownBy(() -> reader().read("http://other.example.com/acme/catalog/src/main/a.yaml", null, 100))
        .hasMessageContaining("Invalid Bitbucket Cloud URL");
  }

  @Test
  void scmIntegrationsRoutesTheHostToTheReader() {
    IntegrationsConfig base = IntegrationsConfig.parse(
        tools.jackson.databind.json.JsonMapper.builder().build().readTree("{}"), false);
    ScmIntegrations scm = ScmIntegrations.builder()
        .config(new IntegrationsConfig(base.github(), base.gitlab(),
            List.of(config(USER, Secret.of(APP_PASSWORD), null)), base.bitbucketServer(),
            base.azure(), base.gerrit(), base.gitea()))
        .build();
    assertThat(scm.readableHosts()).contains(cloud.host());
    assertThat(scm.readerFor(cloud.host()).orElseThrow()).isInstanceOf(BitbucketCloudUrlReader.class);
    byte[] content = scm.urlReader()
        .read(cloud.webUrl("catalog", "src/main/acme/team-a-group.yaml")).content();
    assertThat(new String(content, StandardCharsets.UTF_8)).contains("kind: Group");
  }
}
