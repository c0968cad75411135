package dev.greenroom.integrations.bitbucket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.catalog.processing.ProcessingException;
import dev.greenroom.catalog.processing.location.CatalogRules;
import dev.greenroom.catalog.processing.location.UrlReader;
import dev.greenroom.catalog.processing.location.UrlReader.FoundFile;
import dev.greenroom.catalog.processing.location.UrlReader.TreeFile;
import dev.greenroom.integrations.BitbucketServerIntegrationConfig;
import dev.greenroom.integrations.IntegrationsConfig;
import dev.greenroom.integrations.ReadLimits;
import dev.greenroom.integrations.ScmIntegrations;
import dev.greenroom.integrations.Secret;
import dev.greenroom.integrations.testing.FakeRepo;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** {@link BitbucketServerUrlReader} against {@link FakeBitbucketServer}. */
class BitbucketServerUrlReaderTest {
  static final String TOKEN = "BBDCserverPersonalT0kenNeverShown";
  static final String USER = "svc-backstage";
  static final String PASSWORD = "serverPassw0rdNeverShown";

  FakeBitbucketServer server;
  FakeRepo repo;

  @BeforeEach
  void start() throws Exception {
    server = new FakeBitbucketServer();
    server.bearer(TOKEN).basic(USER, PASSWORD);
    repo = server.repo("CAT", "catalog", BitbucketCloudUrlReaderTest.fixture(), "main", false);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  BitbucketServerIntegrationConfig config(Secret token, String user, Secret password) {
    return new BitbucketServerIntegrationConfig(server.host(), server.apiBaseUrl(), token, user, password);
  }

  BitbucketServerUrlReader reader() {
    return reader(ReadLimits.DEFAULTS);
  }

  BitbucketServerUrlReader reader(ReadLimits limits) {
    return BitbucketServerUrlReader.create(config(Secret.of(TOKEN), null, null), limits, null);
  }

  String browse(String path, String at) {
    return server.browseUrl("CAT", "catalog", path) + (at == null ? "" : "?at=" + at);
  }

  @Test
  void readsAFileThroughTheRawApiWithTheTokenAndAnswersNotModifiedForItsEtag() {
    String url = browse("components/searcher/catalog-info.yaml", "main");
    UrlReader.ReadResponse r = reader().read(url, null, Long.MAX_VALUE);

    assertThat(new String(r.content(), StandardCharsets.UTF_8)).contains("name: searcher");
    FakeHost.Request req = server.requests().get(0);
    assertThat(req.path()).isEqualTo("/rest/api/1.0/projects/CAT/repos/catalog/raw/components/searcher/catalog-info.yaml");
    assertThat(req.query()).isEqualTo("at=main");
    assertThat(req.authorization()).isEqualTo("Bearer " + TOKEN);
    assertThat(reader().read(url, r.etag(), Long.MAX_VALUE).isNotModified()).isTrue();
  }

  @Test
  void usernameAndPasswordAreSentAsBasicAndAFullRefIsShortened() {
    var basic = BitbucketServerUrlReader.create(config(null, USER, Secret.of(PASSWORD)), ReadLimits.DEFAULTS, null);
    basic.read(browse("acme/team-a-group.yaml", "refs%2Fheads%2Fmain"), null, Long.MAX_VALUE);
    assertThat(server.requests().get(0).authorization()).startsWith("Basic ");
    assertThat(server.requests().get(0).query()).isEqualTo("at=main");
  }

  @Test
  void readsATreeFromTheArchiveAndSkipsItWhenTheBranchsCommitIsUnchanged() {
    String url = browse("documented-component", "main");
    UrlReader.ReadTreeResponse tree = reader().readTree(url, null);

    assertThat(tree.files()).extracting(TreeFile::path)
        .containsExactly("catalog-info.yaml", "docs/index.md", "docs/sub-page.md", "mkdocs.yml");
    assertThat(tree.etag()).isEqualTo(repo.commitSha().substring(0, 12));
    assertThat(server.requests()).extracting(r -> r.path() + "?" + r.query()).containsExactly(
        "/rest/api/1.0/projects/CAT/repos/catalog/branches?filterText=main",
        "/rest/api/1.0/projects/CAT/repos/catalog/archive?format=tgz&at=main&prefix=CAT-catalog"
            + "&path=documented-component");

    server.clearLog();
    assertThat(reader().readTree(url, tree.etag()).notModified()).isTrue();
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void aTreeWithoutARefUsesTheDefaultBranch() {
    UrlReader.ReadTreeResponse tree = reader().readTree(browse("", null), null);
    assertThat(tree.files()).hasSize(7);
    assertThat(server.requests().get(0).path()).endsWith("/branches/default");
    assertThat(server.requests().get(1).query()).contains("at=main");
  }

  @Test
  void aGlobSearchNamesEachFileByItsBrowseUrlKeepingTheQuery() {
    String glob = browse("**/catalog-info.yaml", "main");
    UrlReader.SearchResponse found = reader().search(glob, null);
    assertThat(found.files()).extracting(FoundFile::url).containsExactly(
        browse("components/playback-order/catalog-info.yaml", "main"),
        browse("components/searcher/catalog-info.yaml", "main"),
        browse("documented-component/catalog-info.yaml", "main"));
    assertThat(reader().search(glob, found.etag()).notModified()).isTrue();
  }

  @Test
  void refusedCredentialsNameTheIntegrationAndHostButNeverTheSecret() {
    var wrong = BitbucketServerUrlReader.create(config(Secret.of(TOKEN + "x"), null, null), ReadLimits.DEFAULTS, null);
    assertThatThrownBy(() -> wrong.readTree(browse("", "main"), null))
        .isInstanceOf(ProcessingException.class)
        .hasMessageContaining("401")
        .hasMessageContaining("Bitbucket Server integration for " + server.host())
        .hasMessageNotContaining(TOKEN);
    var anonymous = BitbucketServerUrlReader.create(config(null, null, null), ReadLimits.DEFAULTS, null);
    assertThatThrownBy(() -> anonymous.read(browse("acme/team-a-group.yaml", "main"), null, 100))
        .hasMessageContaining("has no credentials");
  }

  @Test
  void anUnknownBranchIsNotFoundAndErrorsAndLimitsAreReported() {
    assertThatThrownBy(() -> reader().readTree(browse("", "nope"), null))
        .isInstanceOfSatisfying(ProcessingException.class,
            e -> assertThat(e.getMessage()).contains("branch \"nope\""));
    assertThatThrownBy(() -> reader(new ReadLimits(Duration.ofSeconds(10), 1 << 20, 2, 1 << 20))
        .search(browse("**/catalog-info.yaml", "main"), null))
        .hasMessageContaining("more than 2 files");
    server.failWith(503);
    assertThatThrownBy(() -> reader().read(browse("acme/team-a-group.yaml", "main"), null, 100))
        .hasMessageContaining("503").hasMessageContaining("retry after 30 s");
  }

  @Test
  void aCatalogEngineIngestsAGlobLocationOnTheIntegrationHost() {
    ScmIntegrations scm = ScmIntegrations.builder()
        .config(JsonMapper.builder().build().readTree("{\"bitbucketServer\": [{\"host\": \""
            + server.host() + "\", \"apiBaseUrl\": \"" + server.apiBaseUrl() + "\", \"token\": \""
            + TOKEN + "\"}]}"))
        .build();
    assertThat(scm.config()).extracting(IntegrationsConfig::bitbucketServer).asList().hasSize(1);
    String glob = browse("components/**/catalog-info.yaml", "main");
    try (CatalogEngine engine = CatalogEngine.builder()
        .rules(CatalogRules.allowAll())
        .urlReader(scm.urlReader())
        .location("url", glob)
        .processingDisabled()
        .build()) {
      engine.start();
      assertThat(engine.awaitIdle(Duration.ofMinutes(1))).isTrue();
      Entity searcher = engine.catalog().entity(EntityRef.parse("component:default/searcher")).orElseThrow();
      assertThat(searcher.metadata().annotation("backstage.io/managed-by-location"))
          .isEqualTo("url:" + browse("components/searcher/catalog-info.yaml", "main"));
      assertThat(engine.catalog().entity(EntityRef.parse("component:default/playback-order"))).isPresent();
      assertThat(searcher.toString()).doesNotContain(TOKEN);

      // the host fails: the location shows the error naming the integration, its entities stay
      EntityRef root = EntityRef.parse("location:default/generated-"
          + dev.greenroom.catalog.json.Json.sha1Hex("url:" + glob));
      server.failWith(500);
      assertThat(engine.refresh(root)).isTrue();
      assertThat(engine.awaitIdle(Duration.ofMinutes(1))).isTrue();
      Entity failed = engine.catalog().entity(root).orElseThrow();
      assertThat(failed.statusItems()).isNotEmpty();
      assertThat(failed.statusItems().toString())
          .contains("500").contains("Bitbucket Server integration for " + server.host())
          .doesNotContain(TOKEN);
      assertThat(engine.catalog().entity(EntityRef.parse("component:default/searcher"))).isPresent();

      // the host is back and nothing changed: one branch lookup, no archive download
      server.failWith(0);
      server.clearLog();
      engine.refresh(root);
      assertThat(engine.awaitIdle(Duration.ofMinutes(1))).isTrue();
      assertThat(server.requests()).extracting(FakeHost.Request::path)
          .containsExactly("/rest/api/1.0/projects/CAT/repos/catalog/branches");
      assertThat(engine.catalog().entity(EntityRef.parse("component:default/searcher"))).isPresent();
    }
  }
}
